package io.monocoque.samples.marketdata;

/** What a request that cannot be served gets back instead of silence: {@code {"error":"..."}}. */
public record ErrorReply(String error) {
}
