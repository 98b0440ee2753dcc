package io.monocoque.spring.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import java.util.List;

/**
 * The W3C {@code traceparent} field ({@code 00-<trace id>-<span id>-<flags>}) for a tracer that has
 * no propagator of its own (Micrometer's {@code SimpleTracer}): what Brave's or OpenTelemetry's W3C
 * propagator writes and reads, reduced to that one field.
 */
final class W3CTraceparentPropagator implements Propagator {

    static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;

    W3CTraceparentPropagator(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public List<String> fields() {
        return List.of(TRACEPARENT);
    }

    @Override
    public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
        setter.set(carrier, TRACEPARENT, "00-" + context.traceId() + "-" + context.spanId() + "-" + (Boolean.FALSE.equals(context.sampled()) ? "00" : "01"));
    }

    @Override
    public <C> Span.Builder extract(C carrier, Getter<C> getter) {
        String value = getter.get(carrier, TRACEPARENT);
        String[] parts = value == null ? new String[0] : value.split("-");
        if (parts.length != 4 || !"00".equals(parts[0])) {
            return tracer.spanBuilder();
        }
        TraceContext parent = tracer.traceContextBuilder().traceId(parts[1]).spanId(parts[2]).sampled("01".equals(parts[3])).build();
        return tracer.spanBuilder().setParent(parent);
    }
}
