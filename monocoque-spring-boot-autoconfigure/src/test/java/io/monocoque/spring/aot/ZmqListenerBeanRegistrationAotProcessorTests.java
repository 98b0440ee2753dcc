package io.monocoque.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.annotation.ZmqHandler;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.zmq.ZmqMessage;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

class ZmqListenerBeanRegistrationAotProcessorTests {

    private final ZmqListenerBeanRegistrationAotProcessor processor = new ZmqListenerBeanRegistrationAotProcessor();

    @Test
    void isFoundBySpringAot() {
        assertThat(AotServices.factoriesAndBeans(new DefaultListableBeanFactory()).load(BeanRegistrationAotProcessor.class).asList())
                .hasAtLeastOneElementOfType(ZmqListenerBeanRegistrationAotProcessor.class);
    }

    @Test
    void listenerMethodsAreInvocableAndTheirPayloadAndReplyTypesBindable() throws NoSuchMethodException {
        RuntimeHints hints = process(Listeners.class);

        Method onOrder = Listeners.class.getDeclaredMethod("onOrder", Order.class, String.class);
        Method quote = Listeners.class.getDeclaredMethod("quote", Message.class);
        Method raw = Listeners.class.getDeclaredMethod("raw", ZmqMessage.class);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(onOrder)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(quote)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(raw)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(QuoteRequest.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Quote.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "notAListener")).rejects(hints);
    }

    @Test
    void handlerMethodsOfAClassLevelListenerAreInvocableAndTheirPayloadTypesBindable() throws NoSuchMethodException {
        RuntimeHints hints = process(Handlers.class);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class.getDeclaredMethod("order", Order.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Quote.class)).accepts(hints);
    }

    @Test
    void aBeanWithoutListenersContributesNothing() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Order.class));
        assertThat(processor.processAheadOfTime(RegisteredBean.of(beanFactory, "plain"))).isNull();
    }

    private RuntimeHints process(Class<?> beanClass) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
        BeanRegistrationAotContribution contribution = processor.processAheadOfTime(RegisteredBean.of(beanFactory, "bean"));
        assertThat(contribution).isNotNull();
        DefaultGenerationContext generationContext = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("com.example", "Test")), new InMemoryGeneratedFiles());
        contribution.applyTo(generationContext, null);
        return generationContext.getRuntimeHints();
    }

    record Order(String symbol, int quantity) {
    }

    record QuoteRequest(String symbol) {
    }

    record Quote(String symbol, double bid, double ask) {
    }

    static class Listeners {

        @ZmqListener(socket = "orders")
        void onOrder(Order order, @Header("zmq_topic") String topic) {
        }

        @ZmqListener(socket = "quotes")
        Quote quote(Message<QuoteRequest> request) {
            return new Quote(request.getPayload().symbol(), 1, 2);
        }

        @ZmqListener(socket = "raw")
        void raw(ZmqMessage message) {
        }

        void notAListener(Order order) {
        }
    }

    @ZmqListener(socket = "orders")
    static class Handlers {

        @ZmqHandler
        void order(Order order) {
        }

        @ZmqHandler
        Quote quote(QuoteRequest request) {
            return null;
        }
    }
}
