package io.monocoque.spring.annotation;

import io.monocoque.spring.listener.ZmqListenerEndpointRegistry;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@code @ZmqListener} post-processor and the endpoint registry, unless the
 * application has them already.
 */
public class ZmqBootstrapConfiguration implements ImportBeanDefinitionRegistrar {

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        if (!registry.containsBeanDefinition(ZmqListenerConfigUtils.ZMQ_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)) {
            RootBeanDefinition processor = new RootBeanDefinition(ZmqListenerAnnotationBeanPostProcessor.class);
            processor.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(ZmqListenerConfigUtils.ZMQ_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME, processor);
        }
        if (!registry.containsBeanDefinition(ZmqListenerConfigUtils.ZMQ_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME)) {
            RootBeanDefinition endpointRegistry = new RootBeanDefinition(ZmqListenerEndpointRegistry.class);
            endpointRegistry.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(ZmqListenerConfigUtils.ZMQ_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME, endpointRegistry);
        }
    }
}
