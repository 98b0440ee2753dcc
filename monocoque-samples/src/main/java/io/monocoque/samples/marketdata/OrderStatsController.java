package io.monocoque.samples.marketdata;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /orders/stats}: {@code {"accepted":12,"rejected":1,"lastRejection":"unknown symbol 'FOO'; ..."}}. */
@RestController
public class OrderStatsController {

    private final OrderDesk orders;

    public OrderStatsController(OrderDesk orders) {
        this.orders = orders;
    }

    @GetMapping("/orders/stats")
    public OrderDesk.OrderStats stats() {
        return orders.stats();
    }
}
