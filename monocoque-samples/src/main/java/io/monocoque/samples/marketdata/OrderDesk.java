package io.monocoque.samples.marketdata;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.listener.ZmqListenerErrorHandler;
import io.monocoque.spring.listener.ZmqListenerExecutionFailedException;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Takes the orders pushed to the {@code orders} PULL socket and accepts or rejects each one. A
 * PUSH client gets no answer (that is PUSH/PULL), so the outcome is counted instead: at
 * {@code GET /orders/stats} and as the meter {@code marketdata.orders} tagged
 * {@code outcome=accepted|rejected}. An order that is not readable JSON is rejected too, through
 * this class acting as the listener's error handler.
 */
@Component(OrderDesk.BEAN_NAME)
public class OrderDesk implements ZmqListenerErrorHandler {

    static final String BEAN_NAME = "orderDesk";
    static final String METER = "marketdata.orders";

    private static final Logger LOG = LoggerFactory.getLogger(OrderDesk.class);

    private final PriceBook prices;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<String> lastRejection = new AtomicReference<>();

    public OrderDesk(PriceBook prices, MeterRegistry meters) {
        this.prices = prices;
        FunctionCounter.builder(METER, accepted, AtomicLong::get).tag("outcome", "accepted")
                .description("Orders taken from the orders socket").register(meters);
        FunctionCounter.builder(METER, rejected, AtomicLong::get).tag("outcome", "rejected")
                .description("Orders taken from the orders socket").register(meters);
    }

    @ZmqListener(id = "orders", socket = "orders", errorHandler = BEAN_NAME)
    public void onOrder(Order order) {
        String problem = problemWith(order);
        if (problem != null) {
            reject(problem);
            return;
        }
        accepted.incrementAndGet();
        LOG.debug("Accepted {} {} {}", order.side(), order.quantity(), order.symbol());
    }

    /** An order that could not even be read (not JSON, or not an object of the right shape). */
    @Override
    public Object handleError(Message<?> message, ZmqListenerExecutionFailedException exception) {
        reject("malformed order: expected a JSON object like {\"symbol\":\"ACME\",\"side\":\"BUY\",\"quantity\":100}");
        LOG.debug("Unreadable order", exception);
        return null; // PULL: there is nobody to reply to
    }

    /** What {@code GET /orders/stats} shows. */
    public OrderStats stats() {
        return new OrderStats(accepted.get(), rejected.get(), lastRejection.get());
    }

    private String problemWith(Order order) {
        if (order.symbol() == null || !prices.knows(order.symbol())) {
            return "unknown symbol '" + order.symbol() + "'; known symbols: " + String.join(", ", prices.symbols());
        }
        String side = order.side() == null ? "" : order.side().trim().toUpperCase(Locale.ROOT);
        if (!side.equals("BUY") && !side.equals("SELL")) {
            return "side must be BUY or SELL, not '" + order.side() + "'";
        }
        BigDecimal quantity = order.quantity();
        if (quantity == null || quantity.signum() <= 0 || quantity.stripTrailingZeros().scale() > 0) {
            return "quantity must be a positive whole number, not " + quantity;
        }
        return null;
    }

    private void reject(String reason) {
        lastRejection.set(reason);
        rejected.incrementAndGet();
        LOG.info("Rejected an order: {}", reason);
    }

    /** Order counts since the application started, and why the last rejected order was rejected. */
    public record OrderStats(long accepted, long rejected, String lastRejection) {
    }
}
