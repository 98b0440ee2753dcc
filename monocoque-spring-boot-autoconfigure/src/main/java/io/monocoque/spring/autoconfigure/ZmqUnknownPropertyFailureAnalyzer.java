package io.monocoque.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains {@code monocoque.*} properties that name nothing (a misspelling such as
 * {@code monocoque.sockets.orders.recieve-timeout}): each one with where it was set and the
 * valid name nearest to it.
 */
class ZmqUnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // ahead of Spring Boot's generic bind failure analysis
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
        StringBuilder description = new StringBuilder("Unknown ZeroMQ configuration:\n");
        List<String> actions = new ArrayList<>();
        boolean ours = false;
        for (ConfigurationProperty property : cause.getUnboundProperties()) {
            String name = property.getName().toString();
            if (!name.startsWith("monocoque.")) {
                continue;
            }
            ours = true;
            description.append("\n    Property: ").append(name);
            if (property.getOrigin() != null) {
                description.append("\n    Origin: ").append(property.getOrigin());
            }
            ZmqPropertyNames.Resolution resolution = ZmqPropertyNames.resolve(name);
            String nearest = resolution == null ? null : resolution.nearest();
            if (resolution == null) {
                description.append("\n    Reason: it is not a Monocoque property\n");
                actions.add("Remove " + name + ".");
            } else {
                description.append("\n    Reason: '").append(resolution.unknownSegment()).append("' is not a property of ")
                        .append(resolution.validPrefix()).append(nearest == null ? "" : "; did you mean " + nearest + "?").append('\n');
                actions.add(nearest != null ? "Rename " + name + " to " + nearest + "."
                        : "Remove " + name + ", or use one of " + resolution.validPrefix() + "." + resolution.valid() + ".");
            }
        }
        if (!ours) {
            return null;
        }
        return new FailureAnalysis(description.toString().stripTrailing(), String.join("\n", actions), cause);
    }
}
