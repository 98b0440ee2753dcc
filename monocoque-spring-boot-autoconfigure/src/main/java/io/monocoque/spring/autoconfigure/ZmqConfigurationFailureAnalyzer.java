package io.monocoque.spring.autoconfigure;

import io.monocoque.spring.core.ZmqConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link ZmqConfigurationException}: the property, its value, what is wrong and what to do. */
class ZmqConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ZmqConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ZmqConfigurationException cause) {
        StringBuilder description = new StringBuilder("Invalid ZeroMQ configuration:\n\n");
        description.append("    Property: ").append(cause.getSource()).append('\n');
        if (cause.getValue() != null) {
            description.append("    Value: \"").append(cause.getValue()).append("\"\n");
        }
        description.append("    Reason: ").append(cause.getProblem());
        return new FailureAnalysis(description.toString(), cause.getAction(), cause);
    }
}
