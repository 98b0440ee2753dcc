package io.monocoque.samples.marketdata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the sample trades and how often it publishes. The ports are not here: they are part of
 * each socket's endpoint under {@code monocoque.sockets} (see {@code application.yml}).
 */
@ConfigurationProperties("market-data")
public class MarketDataProperties {

    /** Symbols quoted, published and accepted in orders (upper case). */
    private List<String> symbols = new ArrayList<>(List.of("ACME", "GLOBEX", "INITECH"));

    /** Time between two ticks of the price feed; every symbol ticks once per interval. */
    private Duration tickInterval = Duration.ofMillis(100);

    public List<String> getSymbols() {
        return symbols;
    }

    public void setSymbols(List<String> symbols) {
        this.symbols = symbols;
    }

    public Duration getTickInterval() {
        return tickInterval;
    }

    public void setTickInterval(Duration tickInterval) {
        this.tickInterval = tickInterval;
    }
}
