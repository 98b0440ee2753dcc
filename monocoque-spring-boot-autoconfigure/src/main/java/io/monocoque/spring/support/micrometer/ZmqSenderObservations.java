package io.monocoque.spring.support.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.docs.ObservationDocumentation;
import io.monocoque.spring.support.micrometer.ZmqSenderContext.Outcome;

import java.util.concurrent.CompletionException;
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
        Observation observation = start(documentation, custom, defaultConvention, context, registry);
        T result;
        try (Observation.Scope scope = observation.openScope()) {
            result = work.apply(context);
        } catch (RuntimeException | Error e) {
            stop(observation, context, e, isTimeout);
            throw e;
        }
        observation.stop();
        return result;
    }

    /**
     * The started observation {@code documentation} describes, for a send or request that
     * completes later (stop it with {@link #stop}).
     */
    public static Observation start(ObservationDocumentation documentation, ObservationConvention<ZmqSenderContext> custom,
            ObservationConvention<ZmqSenderContext> defaultConvention, ZmqSenderContext context, ObservationRegistry registry) {
        return documentation.observation(custom, defaultConvention, () -> context, registry).start();
    }

    /**
     * Stops {@code observation}: with {@code failure} (a {@code CompletionException}'s cause when
     * that is what it is) as its error and outcome {@code timeout} or {@code failure}, or as a
     * success when {@code failure} is {@code null}.
     */
    public static void stop(Observation observation, ZmqSenderContext context, Throwable failure, Predicate<Throwable> isTimeout) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            context.setOutcome(isTimeout.test(cause) ? Outcome.TIMEOUT : Outcome.FAILURE);
            observation.error(cause);
        }
        observation.stop();
    }
}
