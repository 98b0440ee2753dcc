package io.monocoque.spring.support.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.docs.ObservationDocumentation;
import io.monocoque.spring.support.micrometer.ZmqSenderContext.Outcome;

import java.util.function.Function;
import java.util.function.Predicate;

/** Runs one send or request inside its observation; what the template and the outbound components share. */
public final class ZmqSenderObservations {

    private ZmqSenderObservations() {
    }

    /**
     * Runs {@code work} inside the observation {@code documentation} describes: started first (so
     * that a propagating tracing handler has written the trace context into the context's carrier
     * when {@code work} reads it), in scope while it runs, its outcome {@code timeout} when
     * {@code isTimeout} says so of what {@code work} threw, else {@code failure}.
     *
     * @param custom the application's convention, or {@code null} for the documentation's default
     */
    public static <T> T observe(ObservationDocumentation documentation, ObservationConvention<ZmqSenderContext> custom,
            ObservationConvention<ZmqSenderContext> defaultConvention,
            ZmqSenderContext context, ObservationRegistry registry, Function<ZmqSenderContext, T> work, Predicate<Throwable> isTimeout) {
        Observation observation = documentation.observation(custom, defaultConvention, () -> context, registry).start();
        try (Observation.Scope scope = observation.openScope()) {
            return work.apply(context);
        } catch (RuntimeException | Error e) {
            context.setOutcome(isTimeout.test(e) ? Outcome.TIMEOUT : Outcome.FAILURE);
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }
}
