package io.monocoque.samples.marketdata;

import java.math.BigDecimal;

/**
 * One price update on the feed, the second frame after the symbol's topic frame:
 * {@code {"symbol":"ACME","price":41.28,"seq":17}}. {@code seq} counts each symbol's ticks from
 * 1, so a subscriber can tell when it missed some.
 */
public record Tick(String symbol, BigDecimal price, long seq) {
}
