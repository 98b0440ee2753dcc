package io.monocoque.samples.marketdata;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The current price of every configured symbol: a random walk that the price feed moves one
 * step per tick, and that quotes are made from.
 */
@Component
public class PriceBook {

    private static final BigDecimal HALF_SPREAD = new BigDecimal("0.01");
    private static final BigDecimal FLOOR = new BigDecimal("0.05");

    private final Map<String, Instrument> instruments = new LinkedHashMap<>();
    private final Clock clock;

    @Autowired
    public PriceBook(MarketDataProperties properties) {
        this(properties.getSymbols(), Clock.systemUTC());
    }

    PriceBook(List<String> symbols, Clock clock) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("market-data.symbols is empty: configure at least one symbol, e.g. ACME");
        }
        for (String symbol : symbols) {
            String s = normalize(symbol);
            if (s.isEmpty()) {
                throw new IllegalArgumentException("market-data.symbols has a blank entry: " + symbols);
            }
            instruments.put(s, new Instrument(s, openingPrice(s)));
        }
        this.clock = clock;
    }

    /** The symbols, in configuration order and upper case. */
    public List<String> symbols() {
        return List.copyOf(instruments.keySet());
    }

    /** Whether {@code symbol} (any case) is one the service knows. */
    public boolean knows(String symbol) {
        return symbol != null && instruments.containsKey(normalize(symbol));
    }

    /** A two-sided quote around the current price. */
    public Quote quote(String symbol) {
        Instrument instrument = instrument(symbol);
        BigDecimal mid = instrument.price();
        return new Quote(instrument.symbol, mid.subtract(HALF_SPREAD), mid.add(HALF_SPREAD), clock.instant());
    }

    /** Moves {@code symbol}'s price one random step and returns the tick that announces it. */
    public Tick tick(String symbol) {
        return instrument(symbol).step();
    }

    private Instrument instrument(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new QuoteRejectedException("a symbol is required, e.g. {\"symbol\":\"" + instruments.keySet().iterator().next() + "\"}");
        }
        Instrument instrument = instruments.get(normalize(symbol));
        if (instrument == null) {
            throw new QuoteRejectedException("unknown symbol '" + symbol + "'; known symbols: " + String.join(", ", instruments.keySet()));
        }
        return instrument;
    }

    static String normalize(String symbol) {
        return symbol.trim().toUpperCase(Locale.ROOT);
    }

    /** Somewhere between 20 and 200, the same for a symbol on every start. */
    private static BigDecimal openingPrice(String symbol) {
        int cents = 2_000 + Math.floorMod(symbol.hashCode(), 18_000);
        return BigDecimal.valueOf(cents, 2);
    }

    /** One symbol's price and the sequence number of its last tick. */
    private static final class Instrument {

        private final String symbol;
        private BigDecimal price;
        private long seq;

        Instrument(String symbol, BigDecimal price) {
            this.symbol = symbol;
            this.price = price;
        }

        synchronized BigDecimal price() {
            return price;
        }

        synchronized Tick step() {
            double move = ThreadLocalRandom.current().nextGaussian() * 0.0005;
            BigDecimal next = price.multiply(BigDecimal.valueOf(1 + move)).setScale(2, RoundingMode.HALF_EVEN);
            price = next.max(FLOOR);
            seq++;
            return new Tick(symbol, price, seq);
        }
    }
}
