package io.monocoque.samples.marketdata;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The sample application as {@code application.yml} configures it, except that every ZeroMQ
 * endpoint binds an ephemeral port on the loopback interface and HTTP a random port. Test classes
 * with this annotation share one running application (Spring's test context cache); they find
 * the real endpoints on the socket beans ({@code lastEndpoint()}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "market-data.host=127.0.0.1",
        "market-data.quotes-port=*",
        "market-data.prices-port=*",
        "market-data.orders-port=*",
        "market-data.secure-quotes-port=*"})
public @interface MarketDataTest {
}
