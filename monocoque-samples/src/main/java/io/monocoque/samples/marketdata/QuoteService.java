package io.monocoque.samples.marketdata;

import io.monocoque.spring.annotation.ZmqListener;

import org.springframework.stereotype.Service;

/**
 * Answers quote requests on two sockets: {@code quotes} (REP, open to anyone) and
 * {@code secure-quotes} (ROUTER with CURVE, for the clients whose keys are allowed). The return
 * value is the reply; a request that cannot be served gets an {@link ErrorReply} from
 * {@link QuoteErrorReplies}.
 */
@Service
public class QuoteService {

    private final PriceBook prices;

    public QuoteService(PriceBook prices) {
        this.prices = prices;
    }

    @ZmqListener(id = "quotes", socket = "quotes", errorHandler = QuoteErrorReplies.BEAN_NAME)
    public Quote quote(QuoteRequest request) {
        return prices.quote(request.symbol());
    }

    /** The same service behind CURVE: the engine has already refused every client whose key is not allowed. */
    @ZmqListener(id = "secure-quotes", socket = "secure-quotes", errorHandler = QuoteErrorReplies.BEAN_NAME)
    public Quote secureQuote(QuoteRequest request) {
        return prices.quote(request.symbol());
    }
}
