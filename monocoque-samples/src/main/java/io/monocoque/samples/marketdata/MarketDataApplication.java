package io.monocoque.samples.marketdata;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small market-data service on ZeroMQ, written only with the Monocoque starter:
 * {@code application.yml} declares the sockets, {@code @ZmqListener} methods serve them and
 * {@code ZmqTemplate} publishes.
 *
 * <ul>
 * <li>quotes: REP on port 5555, {@code {"symbol":"ACME"}} in, a quote out ({@link QuoteService})</li>
 * <li>prices: PUB on port 5556, a tick per symbol every 100 ms ({@link PriceFeed})</li>
 * <li>orders: PULL on port 5557, orders counted at {@code GET /orders/stats} ({@link OrderDesk})</li>
 * <li>secure-quotes: ROUTER on port 5558 with CURVE, the quote service for known clients only</li>
 * </ul>
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(MarketDataProperties.class)
public class MarketDataApplication {

    public static void main(String[] args) {
        SpringApplication.run(MarketDataApplication.class, args);
    }
}
