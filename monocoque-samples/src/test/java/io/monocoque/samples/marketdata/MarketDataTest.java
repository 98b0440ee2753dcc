package io.monocoque.samples.marketdata;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.monocoque.spring.test.LocalZmqEndpoints;
import io.monocoque.spring.test.ZmqTestTransport;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The sample application as {@code application.yml} configures it, except that every ZeroMQ
 * endpoint binds an ephemeral port on the loopback interface ({@link LocalZmqEndpoints}) and HTTP
 * a random port. Test classes with this annotation share one running application (Spring's test
 * context cache); they inject {@link io.monocoque.spring.test.ZmqTestEndpoints} for the resolved
 * endpoints and for test peers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@LocalZmqEndpoints(ZmqTestTransport.TCP)
public @interface MarketDataTest {
}
