package io.monocoque.spring.autoconfigure;

import io.monocoque.zmq.ZmqSocket;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers a {@code ZmqSocket} bean for each {@code monocoque.sockets.<name>}, named
 * {@code <name>} and made by the {@link MonocoqueSocketFactory}. A bean the application declares
 * with the same name wins.
 */
class ZmqSocketBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    static final String SOCKET_FACTORY_BEAN_NAME = MonocoqueSocketFactory.BEAN_NAME;

    private static final Log LOG = LogFactory.getLog(ZmqSocketBeanRegistrar.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        Map<String, MonocoqueProperties.Socket> sockets = Binder.get(environment)
                .bind("monocoque.sockets", Bindable.mapOf(String.class, MonocoqueProperties.Socket.class))
                .orElse(Map.of());
        for (String name : sockets.keySet()) {
            if (registry.containsBeanDefinition(name)) {
                LOG.info("monocoque.sockets." + name + " is not created: the application declares a bean named '" + name + "'");
                continue;
            }
            RootBeanDefinition definition = new RootBeanDefinition();
            definition.setTargetType(ZmqSocket.class);
            definition.setFactoryBeanName(SOCKET_FACTORY_BEAN_NAME);
            definition.setFactoryMethodName("createConfiguredSocket");
            definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
            registry.registerBeanDefinition(name, definition);
        }
    }
}
