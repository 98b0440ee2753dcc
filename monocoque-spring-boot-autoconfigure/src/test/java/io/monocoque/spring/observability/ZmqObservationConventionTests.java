package io.monocoque.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.core.ZmqReplyTimeoutException;
import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.spring.integration.MonocoqueIntegrationAutoConfiguration;
import io.monocoque.spring.integration.dsl.Zmq;
import io.monocoque.spring.observation.MonocoqueObservationAutoConfiguration;
import io.monocoque.spring.support.micrometer.DefaultZmqListenerObservationConvention;
import io.monocoque.spring.support.micrometer.DefaultZmqTemplateObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqListenerObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqReceiverContext;
import io.monocoque.spring.support.micrometer.ZmqSenderContext;
import io.monocoque.spring.support.micrometer.ZmqTemplateObservationConvention;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.config.EnableIntegrationManagement;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;
import org.springframework.messaging.support.GenericMessage;

/**
 * The observations of the template, the listeners and the Spring Integration outbound components:
 * names, low-cardinality keys and outcomes, conventions replaced by beans, and the trace context
 * from an outbound adapter or gateway reaching the inbound side's message headers.
 */
class ZmqObservationConventionTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final String ID = UUID.randomUUID().toString();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
                    MonocoqueObservationAutoConfiguration.class))
            .withPropertyValues("monocoque.sockets.out.type=push", "monocoque.sockets.out.bind=inproc://obs-out-" + ID,
                    "monocoque.sockets.silent.type=req", "monocoque.sockets.silent.connect=inproc://obs-nobody-" + ID,
                    "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=inproc://obs-orders-" + ID,
                    "monocoque.sockets.dealer.type=dealer", "monocoque.sockets.dealer.connect=inproc://obs-rep-" + ID);

    /** Records every observation that stopped, with its context. */
    static final class Recorded implements ObservationHandler<Observation.Context> {

        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        Observation.Context one(String name) {
            await().atMost(WAIT).until(() -> stopped.stream().anyMatch(c -> name.equals(c.getName())));
            List<Observation.Context> named = stopped.stream().filter(c -> name.equals(c.getName())).toList();
            assertThat(named).as("observations named %s among %s", name, stopped).hasSize(1);
            return named.get(0);
        }

        static Map<String, String> tags(Observation.Context context) {
            return context.getLowCardinalityKeyValues().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {

        @Bean
        Recorded recorded() {
            return new Recorded();
        }

        @Bean
        ObservationRegistry observationRegistry(Recorded recorded) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(recorded);
            return registry;
        }
    }

    @Test
    void aTemplateSendIsObservedWithItsSocketTypeOperationAndOutcome() {
        runner.withUserConfiguration(Registry.class).run(context -> {
            try (ZmqSocket pull = context.getBean(ZmqContext.class).createSocket(SocketType.PULL)) {
                pull.connect("inproc://obs-out-" + ID);
                context.getBean(ZmqTemplate.class).send("out", "order");
                assertThat(pull.receive(WAIT).lastString()).isEqualTo("order");
            }
            Observation.Context send = context.getBean(Recorded.class).one("zmq.template");
            assertThat(send).isInstanceOf(ZmqSenderContext.class);
            assertThat(send.getContextualName()).isEqualTo("out send");
            assertThat(Recorded.tags(send)).containsExactlyInAnyOrderEntriesOf(Map.of("zmq.socket", "out", "zmq.socket.type", "PUSH",
                    "zmq.operation", "send", "outcome", "success"));
        });
    }

    @Test
    void aRequestThatTimesOutIsObservedWithTheTimeoutOutcomeAndTheError() {
        runner.withUserConfiguration(Registry.class).run(context -> {
            ZmqTemplate template = context.getBean(ZmqTemplate.class);
            assertThatThrownBy(() -> template.sendAndReceive("silent", "anyone?", String.class, Duration.ofMillis(200)))
                    .isInstanceOf(ZmqReplyTimeoutException.class);
            Observation.Context request = context.getBean(Recorded.class).one("zmq.template");
            assertThat(Recorded.tags(request)).containsEntry("zmq.socket", "silent").containsEntry("zmq.socket.type", "REQ")
                    .containsEntry("zmq.operation", "request").containsEntry("outcome", "timeout");
            assertThat(request.getError()).isInstanceOf(ZmqReplyTimeoutException.class);
        });
    }

    @Test
    void anAsynchronousRequestIsObservedUntilItsReplyComes() {
        runner.withUserConfiguration(Registry.class).run(context -> {
            ZmqTemplate template = context.getBean(ZmqTemplate.class);
            Recorded recorded = context.getBean(Recorded.class);
            try (ZmqSocket rep = context.getBean(ZmqContext.class).createSocket(SocketType.REP)) {
                rep.bind("inproc://obs-rep-" + ID);
                CompletableFuture<String> reply = template.sendAndReceiveAsync("dealer", "ping", String.class, WAIT);
                assertThat(recorded.stopped).as("open until the reply comes").isEmpty();
                rep.send("pong:" + rep.receive(WAIT).lastString());
                assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("pong:ping");
                Observation.Context request = recorded.one("zmq.template");
                assertThat(Recorded.tags(request)).containsEntry("zmq.socket", "dealer").containsEntry("zmq.socket.type", "DEALER")
                        .containsEntry("zmq.operation", "request").containsEntry("outcome", "success");

                recorded.stopped.clear();
                CompletableFuture<String> unanswered = template.sendAndReceiveAsync("dealer", "anyone?", String.class, Duration.ofMillis(200));
                assertThatThrownBy(() -> unanswered.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(ZmqReplyTimeoutException.class);
                Observation.Context timedOut = recorded.one("zmq.template");
                assertThat(Recorded.tags(timedOut)).containsEntry("outcome", "timeout");
                assertThat(timedOut.getError()).isInstanceOf(ZmqReplyTimeoutException.class);
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Conventions {

        @Bean
        ZmqTemplateObservationConvention templateConvention() {
            return new DefaultZmqTemplateObservationConvention() {
                @Override
                public String getName() {
                    return "orders.sent";
                }

                @Override
                public KeyValues getLowCardinalityKeyValues(ZmqSenderContext context) {
                    return super.getLowCardinalityKeyValues(context).and("team", "pricing");
                }
            };
        }

        @Bean
        ZmqListenerObservationConvention listenerConvention() {
            return new DefaultZmqListenerObservationConvention() {
                @Override
                public String getName() {
                    return "orders.handled";
                }
            };
        }

        @Bean
        FailingListener failingListener() {
            return new FailingListener();
        }
    }

    static class FailingListener {

        @ZmqListener(id = "picky", socket = "orders")
        void onOrder(String order) {
            throw new IllegalArgumentException("not today: " + order);
        }
    }

    @Test
    void conventionBeansRenameAndRetagTheObservationsAndAFailingListenerIsTaggedFailure() {
        runner.withUserConfiguration(Registry.class, Conventions.class).run(context -> {
            try (ZmqSocket push = context.getBean(ZmqContext.class).createSocket(SocketType.PUSH);
                    ZmqSocket pull = context.getBean(ZmqContext.class).createSocket(SocketType.PULL)) {
                pull.connect("inproc://obs-out-" + ID);
                context.getBean(ZmqTemplate.class).send("out", "order");
                assertThat(pull.receive(WAIT)).isNotNull();
                push.connect("inproc://obs-orders-" + ID);
                push.send("ACME");
                Recorded recorded = context.getBean(Recorded.class);
                assertThat(Recorded.tags(recorded.one("orders.sent"))).containsEntry("team", "pricing").containsEntry("zmq.socket", "out");
                Observation.Context handled = recorded.one("orders.handled");
                assertThat(handled).isInstanceOf(ZmqReceiverContext.class);
                assertThat(Recorded.tags(handled)).containsExactlyInAnyOrderEntriesOf(Map.of("zmq.listener.id", "picky", "zmq.socket", "orders",
                        "zmq.socket.type", "PULL", "outcome", "failure"));
                assertThat(handled.getError()).isInstanceOf(IllegalArgumentException.class).hasMessage("not today: ACME");
                assertThat(recorded.stopped).noneMatch(c -> "zmq.template".equals(c.getName()) || "zmq.listener".equals(c.getName()));
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    @EnableIntegrationManagement(observationPatterns = {"zmqReceiver", "zmqServer"})
    static class Flows {

        @Bean
        TestTracing tracing() {
            return new TestTracing();
        }

        @Bean
        ObservationRegistry observationRegistry(TestTracing tracing) {
            return tracing.registry;
        }

        @Bean
        PollableChannel received() {
            return new QueueChannel();
        }

        @Bean
        IntegrationFlow sending() {
            return f -> f.handle(Zmq.outboundAdapter(SocketType.PUSH).connect("inproc://obs-si-" + ID), e -> e.id("zmqSender"));
        }

        @Bean
        IntegrationFlow receiving() {
            return IntegrationFlow.from(Zmq.inboundAdapter(SocketType.PULL).bind("inproc://obs-si-" + ID).payloadType(String.class)
                            .id("zmqReceiver"))
                    .channel("received")
                    .get();
        }

        @Bean
        IntegrationFlow requesting() {
            return f -> f.handle(Zmq.outboundGateway(SocketType.DEALER).connect("inproc://obs-si-rr-" + ID).replyPayloadType(String.class),
                    e -> e.id("zmqRequester"));
        }

        @Bean
        IntegrationFlow serving() {
            return IntegrationFlow.from(Zmq.inboundGateway(SocketType.ROUTER).bind("inproc://obs-si-rr-" + ID).payloadType(String.class)
                            .id("zmqServer"))
                    .handle(Message.class, (request, headers) -> String.valueOf(headers.get("traceparent")))
                    .get();
        }
    }

    @Test
    void outboundAdapterAndGatewayAreObservedAndCarryTheTraceContextToTheInboundSide() {
        runner.withConfiguration(AutoConfigurations.of(MonocoqueIntegrationAutoConfiguration.class)).withUserConfiguration(Flows.class)
                .withPropertyValues("monocoque.observation.propagation.enabled=true")
                .run(context -> {
                    TestTracing tracing = context.getBean(TestTracing.class);
                    MessagingTemplate messaging = new MessagingTemplate();
                    Observation root = Observation.start("checkout", tracing.registry);
                    Object reply;
                    try (Observation.Scope scope = root.openScope()) {
                        messaging.send(context.getBean("sending.input", org.springframework.messaging.MessageChannel.class),
                                new GenericMessage<>("ACME"));
                        reply = messaging.sendAndReceive(context.getBean("requesting.input", org.springframework.messaging.MessageChannel.class),
                                new GenericMessage<>("quote?")).getPayload();
                    } finally {
                        root.stop();
                    }
                    // a declared socket is named after its handler (a name the flow made up); the component tag is the endpoint's id
                    String sender = "sending.zmq:outbound-channel-adapter#0";
                    String requester = "requesting.zmq:outbound-gateway#0";
                    SimpleSpan send = tracing.span(sender + " send");
                    SimpleSpan request = tracing.span(requester + " request");
                    assertThat(List.of(send, request)).extracting(SimpleSpan::getParentId).containsOnly(tracing.span("checkout").getSpanId());
                    assertThat(send.getTags()).containsEntry("spring.integration.name", "zmqSender").containsEntry("zmq.socket.type", "PUSH")
                            .containsEntry("zmq.operation", "send").containsEntry("outcome", "success");
                    assertThat(request.getTags()).containsEntry("spring.integration.name", "zmqRequester")
                            .containsEntry("zmq.socket.type", "DEALER").containsEntry("zmq.operation", "request");

                    Message<?> received = context.getBean("received", PollableChannel.class).receive(WAIT.toMillis());
                    assertThat(received.getPayload()).isEqualTo("ACME");
                    assertThat(received.getHeaders().get("traceparent", String.class))
                            .startsWith("00-" + send.getTraceId() + "-" + send.getSpanId() + "-");
                    assertThat((String) reply).startsWith("00-" + request.getTraceId() + "-" + request.getSpanId() + "-");
                    // Spring Integration's own observations of the inbound adapter and gateway continue the trace from those headers
                    await().atMost(WAIT).untilAsserted(() -> assertThat(tracing.tracer.getSpans())
                            .anySatisfy(span -> assertThat(span.getParentId()).isEqualTo(send.getSpanId()))
                            .anySatisfy(span -> assertThat(span.getParentId()).isEqualTo(request.getSpanId())));
                    assertThat(tracing.tracer.getSpans()).extracting(SimpleSpan::getTraceId).containsOnly(send.getTraceId());
                });
    }
}
