package io.monocoque.spring.autoconfigure;

import io.monocoque.zmq.IoTransport;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@code monocoque.*} property that cannot be bound (an unknown socket type, a
 * duration that is not one...) in ZeroMQ's terms; other properties are left to Spring Boot.
 */
class ZmqPropertiesBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // ahead of Spring Boot's generic bind failure analysis
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String name = cause.getName().toString();
        if (!name.startsWith("monocoque.") || cause.getCause() instanceof UnboundConfigurationPropertiesException) {
            return null; // unknown names: ZmqUnknownPropertyFailureAnalyzer
        }
        Object value = cause.getProperty() == null ? null : cause.getProperty().getValue();
        String origin = cause.getProperty() == null || cause.getProperty().getOrigin() == null ? ""
                : "\n    Origin: " + cause.getProperty().getOrigin();
        Throwable reason = cause.getCause();
        while (reason != null && reason.getCause() != null && reason.getCause() != reason) {
            reason = reason.getCause();
        }
        String description = "Invalid ZeroMQ configuration:\n\n    Property: " + name + (value == null ? "" : "\n    Value: \"" + value + "\"")
                + origin + "\n    Reason: ";
        if (name.matches("monocoque\\.sockets\\.[^.]+\\.type")) {
            return new FailureAnalysis(description + "'" + value + "' is not a ZeroMQ socket type",
                    "Set " + name + " to one of " + MonocoqueSocketFactory.typeNames() + ".", cause);
        }
        if (name.equals("monocoque.transport")) {
            return new FailureAnalysis(description + "'" + value + "' is not a transport",
                    "Set " + name + " to one of " + Arrays.stream(IoTransport.values())
                            .map(t -> t.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList() + ".", cause);
        }
        return new FailureAnalysis(description + (reason == null ? "it cannot be bound" : reason.getMessage()),
                "Fix " + name + ": durations look like 500ms or 2s, sizes like 64KB, flags are true or false.", cause);
    }
}
