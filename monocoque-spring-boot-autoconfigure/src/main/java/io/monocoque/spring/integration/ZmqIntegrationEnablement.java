package io.monocoque.spring.integration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * Spring Integration switched on for an application that uses it with Monocoque (an
 * {@link IntegrationFlow} or a Zmq adapter, gateway or proxy bean) but has not switched it on
 * itself: with {@code spring-integration-core} alone, and neither Spring Boot's integration
 * auto-configuration ({@code spring-boot-starter-integration}) nor {@code @EnableIntegration},
 * flows would not run and the sockets they read would fill up unread. Says so once, at INFO, with
 * what to add for Spring Boot's own support.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(name = ZmqIntegrationEnablement.INTEGRATION_ENABLED_MARKER)
@Conditional(ZmqIntegrationEnablement.UsesIntegration.class)
@EnableIntegration
class ZmqIntegrationEnablement {

    /** A bean {@code @EnableIntegration} (by the application or by Spring Boot) registers first of all. */
    static final String INTEGRATION_ENABLED_MARKER = "integrationConfigurationBeanFactoryPostProcessor";

    private static final Log LOG = LogFactory.getLog(ZmqIntegrationEnablement.class);

    static final String MESSAGE = "Spring Integration was not enabled (neither spring-boot-starter-integration nor @EnableIntegration), "
            + "so Monocoque enabled it for the application's flows and Zmq components. Add spring-boot-starter-integration for Spring "
            + "Boot's Spring Integration support (spring.integration.* properties, metrics, the integration graph).";

    @Bean
    static SmartInitializingSingleton zmqIntegrationEnabledNotice() {
        return () -> LOG.info(MESSAGE);
    }

    /** The application has a flow, or a Zmq Spring Integration component of its own. */
    static class UsesIntegration extends AnyNestedCondition {

        UsesIntegration() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(IntegrationFlow.class)
        static class Flows {
        }

        @ConditionalOnBean(ZmqInboundChannelAdapter.class)
        static class InboundAdapters {
        }

        @ConditionalOnBean(ZmqOutboundChannelAdapter.class)
        static class OutboundAdapters {
        }

        @ConditionalOnBean(ZmqInboundGateway.class)
        static class InboundGateways {
        }

        @ConditionalOnBean(ZmqOutboundGateway.class)
        static class OutboundGateways {
        }

        @ConditionalOnBean(ZmqProxyBean.class)
        static class Proxies {
        }
    }
}
