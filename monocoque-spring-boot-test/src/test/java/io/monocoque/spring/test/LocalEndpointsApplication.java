package io.monocoque.spring.test;

import io.monocoque.spring.annotation.ZmqListener;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application whose sockets bind fixed ports on every interface and connect to a host that
 * does not exist: only rewritten endpoints let its tests run.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class LocalEndpointsApplication {


    @Bean
    Listeners listeners() {
        return new Listeners();
    }

    static class Listeners {

        final BlockingQueue<String> orders = new LinkedBlockingQueue<>();

        @ZmqListener(socket = "orders")
        void onOrder(String order) {
            orders.add(order);
        }

        @ZmqListener(socket = "quotes")
        String quote(String symbol) {
            return "quote:" + symbol;
        }
    }
}
