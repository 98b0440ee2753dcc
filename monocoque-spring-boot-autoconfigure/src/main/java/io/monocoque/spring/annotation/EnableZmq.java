package io.monocoque.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on {@link ZmqListener} methods. Spring Boot's auto-configuration does this already;
 * a plain Spring application puts it on a {@code @Configuration} class and declares a
 * {@code zmqListenerContainerFactory} bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ZmqBootstrapConfiguration.class)
public @interface EnableZmq {
}
