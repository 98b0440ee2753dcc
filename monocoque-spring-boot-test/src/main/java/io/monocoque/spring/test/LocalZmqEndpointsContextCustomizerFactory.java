package io.monocoque.spring.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Turns {@link LocalZmqEndpoints} on a test class into a {@link LocalZmqEndpointsContextCustomizer}. */
class LocalZmqEndpointsContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        LocalZmqEndpoints annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, LocalZmqEndpoints.class);
        return annotation == null ? null : new LocalZmqEndpointsContextCustomizer(annotation.value());
    }
}
