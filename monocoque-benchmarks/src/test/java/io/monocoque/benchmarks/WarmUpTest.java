package io.monocoque.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void warmUpEndsAtTheFirstIntervalAt90PercentOfTheSecondHalfsMedian() {
        WarmUp w = new WarmUp(10);
        long[] rates = {100, 300, 850, 950, 1000, 990, 1010, 1000, 980, 1020};
        for (int i = 0; i < rates.length; i++) {
            w.interval((i + 1) * 100_000L, rates[i]);
        }
        // second half: 990 1010 1000 980 1020 -> median 1000; 90% = 900, first reached by 950 (4th interval, 400 ms)
        assertThat(w.steadyRate()).isEqualTo(1000);
        assertThat(w.warmAtMicros()).isEqualTo(400_000);
        assertThat(w.report()).startsWith("warm-up: 400 ms to 90% of steady state (1000 msg/s");
    }

    @Test
    void aRunWarmFromTheStartIsWarmAtItsFirstInterval() {
        WarmUp w = new WarmUp(4);
        for (int i = 0; i < 4; i++) {
            w.interval((i + 1) * 1_000L, 5_000);
        }
        assertThat(w.warmAtMicros()).isEqualTo(1_000);
    }

    @Test
    void fewerThanTwoIntervalsAreNotAMeasurement() {
        WarmUp w = new WarmUp(1);
        w.interval(1_000, 10);
        assertThat(w.report()).contains("not measured");
    }
}
