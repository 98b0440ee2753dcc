package io.monocoque.samples.marketdata;

import io.monocoque.spring.core.ZmqTemplate;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes a tick for every symbol once per {@code market-data.tick-interval} on the
 * {@code prices} PUB socket: two frames, the symbol as the topic (subscribers filter on it),
 * then the {@link Tick} as JSON. A PUB socket never blocks: a subscriber that falls behind
 * its high-water mark loses ticks (counted as {@code zmq.messages.dropped}) and sees a gap
 * in {@code seq}.
 */
@Component
public class PriceFeed {

    private final PriceBook prices;
    private final ZmqTemplate zmq;

    public PriceFeed(PriceBook prices, ZmqTemplate zmq) {
        this.prices = prices;
        this.zmq = zmq;
    }

    @Scheduled(fixedRateString = "${market-data.tick-interval:100ms}")
    public void publishTicks() {
        for (String symbol : prices.symbols()) {
            zmq.send("prices", symbol, prices.tick(symbol));
        }
    }
}
