package io.monocoque.benchmarks;

import java.util.Arrays;

/**
 * Warm-up as one figure: the time from a run's first message until an interval first reached
 * 90% of the steady-state rate, where steady state is the median interval rate of the run's
 * second half (by interval count). A JIT-compiled implementation starts slow and speeds up as
 * C2 finishes; libzmq's figure is the first interval's end.
 */
final class WarmUp {

    /** The fraction of the steady-state rate that counts as warm. */
    static final double WARM = 0.9;

    private final long[] endMicros;
    private final long[] rates;
    private int n;

    WarmUp(long capacity) {
        int c = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, capacity));
        this.endMicros = new long[c];
        this.rates = new long[c];
    }

    /** An interval ended {@code atMicros} after the first message, at {@code rate} msg/s. */
    void interval(long atMicros, long rate) {
        if (n < rates.length) {
            endMicros[n] = atMicros;
            rates[n] = rate;
            n++;
        }
    }

    /** The steady-state rate: the median of the second half's intervals, or 0 with none. */
    long steadyRate() {
        if (n == 0) {
            return 0;
        }
        long[] half = Arrays.copyOfRange(rates, n / 2, n);
        Arrays.sort(half);
        return half[half.length / 2];
    }

    /** When an interval first ran at {@link #WARM} of the steady state, in microseconds; -1 with no intervals. */
    long warmAtMicros() {
        long steady = steadyRate();
        for (int i = 0; i < n; i++) {
            if (rates[i] >= WARM * steady) {
                return endMicros[i];
            }
        }
        return -1;
    }

    /** The stderr line: {@code warm-up: 412 ms to 90% of steady state (3012345 msg/s over 20 intervals)}. */
    String report() {
        if (n < 2) {
            return "warm-up: not measured (fewer than 2 intervals; lower PROGRESS)";
        }
        return String.format("warm-up: %d ms to %d%% of steady state (%d msg/s, the median of the last %d of %d intervals)",
                warmAtMicros() / 1000, Math.round(WARM * 100), steadyRate(), n - n / 2, n);
    }
}
