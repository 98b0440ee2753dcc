package io.monocoque.samples.marketdata;

import java.math.BigDecimal;
import java.time.Instant;

/** The reply of the quote service: {@code {"symbol":"ACME","bid":41.27,"ask":41.29,"timestamp":"2026-..."}}. */
public record Quote(String symbol, BigDecimal bid, BigDecimal ask, Instant timestamp) {
}
