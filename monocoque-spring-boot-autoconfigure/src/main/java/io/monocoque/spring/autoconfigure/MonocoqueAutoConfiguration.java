package io.monocoque.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.micrometer.ZmqTemplateObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.auth.ZapHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.util.ClassUtils;

/**
 * ZeroMQ for a Spring Boot application: one {@link ZmqContext}, a {@code ZmqSocket} bean per
 * {@code monocoque.sockets.<name>} (bound and connected on start, closed on stop), the
 * {@link ZmqTemplate}, the converter chain, and {@code @ZmqListener} support. A
 * {@link ZapHandler} bean decides the ZAP requests that no socket's own PLAIN or CURVE rules
 * cover.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class,
        afterName = {"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
                "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration"})
@ConditionalOnClass({ZmqContext.class, MessageConverter.class})
@EnableConfigurationProperties(MonocoqueProperties.class)
@Import({ZmqSocketBeanRegistrar.class, ZmqAnnotationDrivenConfiguration.class, ZmqJacksonConfiguration.class})
public class MonocoqueAutoConfiguration {

    /** The bean name of the converter chain that templates and listeners share. */
    public static final String MESSAGE_CONVERTER_BEAN_NAME = "zmqMessageConverter";

    private static final boolean JACKSON_PRESENT = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
            MonocoqueAutoConfiguration.class.getClassLoader());

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ZmqContext zmqContext(MonocoqueProperties properties, ObjectProvider<ZmqContextCustomizer> customizers,
            ObjectProvider<ZapHandler> zapHandler) {
        if (properties.getIoThreads() < 1) {
            throw new ZmqConfigurationException("monocoque.io-threads", properties.getIoThreads(),
                    "a ZeroMQ context needs at least one I/O thread", "Set monocoque.io-threads to 1 or more (1 is libzmq's default).");
        }
        if (!ZmqContext.isAvailable(properties.getTransport())) {
            throw new ZmqConfigurationException("monocoque.transport", properties.getTransport(),
                    "this transport is not available on this machine", "Set monocoque.transport to auto, which picks the best one available.");
        }
        ZmqContext.Builder builder = ZmqContext.builder().ioThreads(properties.getIoThreads()).transport(properties.getTransport());
        ZapHandler authenticator = ZmqSecurity.authenticator(properties, zapHandler.getIfUnique());
        if (authenticator != null) {
            builder.authenticator(authenticator);
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    @Bean(name = ZmqSocketBeanRegistrar.SOCKET_FACTORY_BEAN_NAME)
    public MonocoqueSocketFactory zmqSocketFactory(ZmqContext zmqContext, MonocoqueProperties properties,
            ObjectProvider<ZmqSocketCustomizer> customizers) {
        return new MonocoqueSocketFactory(zmqContext, properties, customizers.orderedStream().toList());
    }

    @Bean
    public ZmqSocketsLifecycle zmqSocketsLifecycle(ConfigurableListableBeanFactory beanFactory, MonocoqueSocketFactory zmqSocketFactory,
            MonocoqueProperties properties) {
        return new ZmqSocketsLifecycle(beanFactory, zmqSocketFactory, properties);
    }

    /**
     * byte[] payloads as they are, String as UTF-8, other types as JSON with the application's
     * Jackson {@code JsonMapper}; the application's own {@link MessageConverter} beans are
     * asked first.
     */
    @Bean(name = MESSAGE_CONVERTER_BEAN_NAME)
    @ConditionalOnMissingBean(name = MESSAGE_CONVERTER_BEAN_NAME)
    public CompositeMessageConverter zmqMessageConverter(ConfigurableListableBeanFactory beanFactory) {
        List<MessageConverter> converters = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForType(MessageConverter.class, false, false)) {
            Class<?> type = beanFactory.getType(name, false);
            // Other chains (this one, a STOMP broker's...) are not converters of the application's
            // own, nor are framework infrastructure converters such as Spring Integration's
            // datatype-channel converter (it would turn byte[] into "104,101,...").
            if (!name.equals(MESSAGE_CONVERTER_BEAN_NAME) && type != null && !CompositeMessageConverter.class.isAssignableFrom(type)
                    && !type.getName().startsWith("org.springframework.integration.")) {
                converters.add(beanFactory.getBean(name, MessageConverter.class));
            }
        }
        AnnotationAwareOrderComparator.sort(converters);
        converters.add(new ByteArrayMessageConverter());
        converters.add(new StringMessageConverter());
        if (JACKSON_PRESENT) {
            converters.add(JacksonConverters.jsonConverter(beanFactory));
        }
        return new CompositeMessageConverter(converters);
    }

    @Bean
    @ConditionalOnMissingBean
    public ZmqMessageMapper zmqMessageMapper(@Qualifier(MESSAGE_CONVERTER_BEAN_NAME) MessageConverter zmqMessageConverter) {
        return new ZmqMessageMapper(zmqMessageConverter);
    }

    @Bean
    @ConditionalOnMissingBean
    public ZmqTemplate zmqTemplate(ConfigurableListableBeanFactory beanFactory, ZmqMessageMapper mapper, MonocoqueProperties properties,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) ObjectProvider<Executor> taskExecutor,
            ObjectProvider<ZmqHeaderFrameMapper> headerFrames, ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<ZmqTemplateObservationConvention> observationConvention, ObjectProvider<ZmqTracePropagation> tracePropagation) {
        ZmqTemplate template = new ZmqTemplate(beanFactory, mapper);
        template.setReplyTimeout(properties.getTemplate().getReplyTimeout());
        if (properties.getTemplate().isTypeIdHeader()) {
            ZmqHeaderFrameMapper frames = headerFrames.getIfUnique();
            if (frames == null) {
                throw new ZmqConfigurationException("monocoque.template.type-id-header", true,
                        "the type id header travels in a JSON header frame, and there is no (single) ZmqHeaderFrameMapper bean",
                        "Put Jackson on the class path (spring-boot-starter-json), or declare one ZmqHeaderFrameMapper bean.");
            }
            template.setTypeIdHeader(frames);
        }
        taskExecutor.ifAvailable(template::setAsyncExecutor);
        observationRegistry.ifUnique(template::setObservationRegistry);
        template.setObservationConvention(observationConvention.getIfUnique());
        template.setTracePropagation(tracePropagation(properties, tracePropagation));
        return template;
    }

    /**
     * The trace propagation when {@code monocoque.observation.propagation.enabled} is on (it needs
     * Jackson, which writes the header frame), else {@code null}.
     */
    static ZmqTracePropagation tracePropagation(MonocoqueProperties properties, ObjectProvider<ZmqTracePropagation> tracePropagation) {
        if (!properties.getObservation().getPropagation().isEnabled()) {
            return null;
        }
        ZmqTracePropagation propagation = tracePropagation.getIfAvailable();
        if (propagation == null) {
            throw new ZmqConfigurationException("monocoque.observation.propagation.enabled", true,
                    "the trace context travels in a JSON header frame, and there is no Jackson 3 JsonMapper to write it",
                    "add tools.jackson.core:jackson-databind (e.g. through spring-boot-starter-json), or turn propagation off");
        }
        return propagation;
    }
}
