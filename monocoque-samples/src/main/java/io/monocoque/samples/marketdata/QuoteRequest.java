package io.monocoque.samples.marketdata;

/** A request to the quote service: {@code {"symbol":"ACME"}}. */
public record QuoteRequest(String symbol) {
}
