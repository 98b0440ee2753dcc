package io.monocoque.samples.marketdata;

/** A quote request the service cannot serve; the message goes back to the client as it is. */
public class QuoteRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QuoteRejectedException(String message) {
        super(message);
    }
}
