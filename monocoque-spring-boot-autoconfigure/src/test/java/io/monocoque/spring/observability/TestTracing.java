package io.monocoque.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;

import java.time.Duration;
import java.util.List;

/**
 * One application's tracing: a Micrometer {@code SimpleTracer} and an observation registry with
 * the handlers Spring Boot's tracing auto-configuration registers (propagating sender and receiver
 * handlers first, then the default one), here with a W3C {@code traceparent} propagator.
 */
final class TestTracing {

    private static final Duration WAIT = Duration.ofSeconds(10);

    final SimpleTracer tracer = new SimpleTracer();

    final ObservationRegistry registry = ObservationRegistry.create();

    TestTracing() {
        W3CTraceparentPropagator propagator = new W3CTraceparentPropagator(tracer);
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
    }

    /** The one span named {@code name}, once it has ended (a listener's span ends on the listener's thread). */
    SimpleSpan span(String name) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(ended(name)).as("ended spans named '%s' among %s", name,
                tracer.getSpans().stream().map(SimpleSpan::getName).toList()).hasSize(1));
        return ended(name).get(0);
    }

    private List<SimpleSpan> ended(String name) {
        return tracer.getSpans().stream()
                .filter(s -> name.equals(s.getName()) && s.getEndTimestamp() != null && s.getEndTimestamp().toEpochMilli() > 0)
                .toList();
    }
}
