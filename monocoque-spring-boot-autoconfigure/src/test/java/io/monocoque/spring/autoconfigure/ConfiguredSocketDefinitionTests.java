package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.ZmqSocket;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Configured socket beans are told from the application's own beans, with or without Spring AOT. */
class ConfiguredSocketDefinitionTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class))
            .withPropertyValues("monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=inproc://orders");

    @Test
    void theRegisteredDefinitionIsAConfiguredSocket() {
        runner.run(context -> assertThat(MonocoqueSocketFactory.isConfiguredSocket(
                context.getBeanFactory().getBeanDefinition("orders"), "orders")).isTrue());
    }

    @Test
    void theDefinitionSpringAotGeneratesIsAConfiguredSocketToo() {
        // what MonocoqueSocketFactory__BeanDefinitions holds after spring-boot:process-aot: the target
        // type, the factory bean and the argument, but no attributes and no factory method name
        RootBeanDefinition generated = new RootBeanDefinition(ZmqSocket.class);
        generated.setDestroyMethodNames("close");
        generated.setFactoryBeanName("zmqSocketFactory");
        generated.getConstructorArgumentValues().addIndexedArgumentValue(0, "orders");

        assertThat(MonocoqueSocketFactory.isConfiguredSocket(generated, "orders")).isTrue();
        assertThat(MonocoqueSocketFactory.isConfiguredSocket(generated, "quotes")).isFalse();
    }

    @Test
    void aBeanTheApplicationDeclaresUnderTheNameIsNot() {
        runner.withBean("orders", ZmqSocket.class, () -> null).run(context -> {
            assertThat(MonocoqueSocketFactory.isConfiguredSocket(context.getBeanFactory().getBeanDefinition("orders"), "orders")).isFalse();
        });
    }
}
