package io.monocoque.samples.marketdata;

import java.math.BigDecimal;

/** An order pushed to the order intake: {@code {"symbol":"ACME","side":"BUY","quantity":100}}. */
public record Order(String symbol, String side, BigDecimal quantity) {
}
