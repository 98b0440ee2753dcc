package io.monocoque.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One trace across two Monocoque applications, each with its own tracer (Micrometer's
 * {@code SimpleTracer} behind the propagating tracing handlers, as Spring Boot sets them up):
 * the front application's template sends an order PUSH→PULL to the back application, whose
 * listener asks the front's quote service REQ→REP through its own template. The only thing the
 * two applications share is the wire, so a common trace id can only have come through the header
 * frame.
 */
class TracePropagationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ConfigurableApplicationContext start(Class<?> application, TestTracing tracing, String... properties) {
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().registerSingleton("observationRegistry", tracing.registry))
                .properties(properties)
                .run();
    }

    /**
     * Sends an order from {@code front} inside a "checkout" observation: a root span, with ids of its
     * own (a {@code SimpleTracer} gives ids only to spans it starts itself, not to a sender span
     * that has no parent; real tracers give every root span ids).
     */
    private static void sendInTrace(ConfigurableApplicationContext front, TestTracing tracing) {
        Observation checkout = Observation.start("checkout", tracing.registry);
        try (Observation.Scope scope = checkout.openScope()) {
            front.getBean(ZmqTemplate.class).send("orders", "ACME");
        } finally {
            checkout.stop();
        }
    }

    private static String endpoint(ConfigurableApplicationContext context, String socket) {
        return context.getBean(socket, ZmqSocket.class).lastEndpoint();
    }

    @Test
    void oneTraceCrossesAPushPullAndAReqRepHopBetweenTwoApplications() throws InterruptedException {
        TestTracing frontTracing = new TestTracing();
        TestTracing backTracing = new TestTracing();
        try (ConfigurableApplicationContext front = start(Front.class, frontTracing, "monocoque.observation.propagation.enabled=true",
                "monocoque.sockets.orders.type=push", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=tcp://127.0.0.1:*");
                ConfigurableApplicationContext back = start(Back.class, backTracing, "monocoque.observation.propagation.enabled=true",
                        "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.connect=" + endpoint(front, "orders"),
                        "monocoque.sockets.quotes.type=req", "monocoque.sockets.quotes.connect=" + endpoint(front, "quotes"))) {

            sendInTrace(front, frontTracing);
            assertThat(back.getBean(Back.class).quotes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("quote for ACME");
            SimpleSpan root = frontTracing.span("checkout");
            SimpleSpan send = frontTracing.span("orders send");
            SimpleSpan receive = backTracing.span("orders receive");
            SimpleSpan request = backTracing.span("quotes request");
            SimpleSpan serve = frontTracing.span("quotes receive");

            assertThat(root.getTraceId()).isNotBlank();
            assertThat(List.of(send, receive, request, serve)).extracting(SimpleSpan::getTraceId).containsOnly(root.getTraceId());
            assertThat(List.of(root, send, receive, request, serve)).extracting(SimpleSpan::getSpanId).doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(id).isNotBlank());
            assertThat(send.getParentId()).isEqualTo(root.getSpanId());
            assertThat(receive.getParentId()).as("PULL listener continues the PUSH send").isEqualTo(send.getSpanId());
            assertThat(request.getParentId()).as("the request is made inside the listener").isEqualTo(receive.getSpanId());
            assertThat(serve.getParentId()).as("REP listener continues the REQ request").isEqualTo(request.getSpanId());
            assertThat(send.getTags()).containsEntry("zmq.socket", "orders").containsEntry("zmq.socket.type", "PUSH")
                    .containsEntry("zmq.operation", "send").containsEntry("outcome", "success");
            assertThat(request.getTags()).containsEntry("zmq.socket.type", "REQ").containsEntry("zmq.operation", "request");
            assertThat(serve.getTags()).containsEntry("zmq.socket", "quotes").containsEntry("zmq.socket.type", "REP")
                    .containsEntry("outcome", "success");
        }
    }

    @Test
    void withPropagationOffEachApplicationStartsItsOwnTrace() throws InterruptedException {
        TestTracing frontTracing = new TestTracing();
        TestTracing backTracing = new TestTracing();
        try (ConfigurableApplicationContext front = start(Front.class, frontTracing,
                "monocoque.sockets.orders.type=push", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=tcp://127.0.0.1:*");
                ConfigurableApplicationContext back = start(Back.class, backTracing,
                        "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.connect=" + endpoint(front, "orders"),
                        "monocoque.sockets.quotes.type=req", "monocoque.sockets.quotes.connect=" + endpoint(front, "quotes"))) {
            sendInTrace(front, frontTracing);
            assertThat(back.getBean(Back.class).quotes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("quote for ACME");
            SimpleSpan send = frontTracing.span("orders send");
            SimpleSpan receive = backTracing.span("orders receive");
            SimpleSpan request = backTracing.span("quotes request");
            SimpleSpan serve = frontTracing.span("quotes receive");
            assertThat(send.getTraceId()).isNotBlank();
            assertThat(receive.getParentId()).as("no parent came over the wire").isNullOrEmpty();
            assertThat(receive.getTraceId()).isNotEqualTo(send.getTraceId());
            assertThat(request.getParentId()).as("in-process, the trace goes on").isEqualTo(receive.getSpanId());
            assertThat(serve.getParentId()).as("no parent came over the wire").isNullOrEmpty();
        }
    }

    @Test
    void withPropagationOnTheTraceContextTravelsInAHeaderFrameBeforeThePayload() {
        TestTracing tracing = new TestTracing();
        try (ConfigurableApplicationContext front = start(Front.class, tracing, "monocoque.observation.propagation.enabled=true",
                "monocoque.sockets.orders.type=push", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=tcp://127.0.0.1:*");
                ZmqSocket peer = front.getBean(ZmqContext.class).createSocket(SocketType.PULL)) {
            peer.connect(endpoint(front, "orders"));
            sendInTrace(front, tracing);
            ZmqMessage received = peer.receive(WAIT);
            SimpleSpan send = tracing.span("orders send");
            assertThat(received.size()).isEqualTo(2);
            // the sampled flag is the tracer's business: SimpleTracer leaves it unset
            assertThat(received.frameString(0)).matches("\\{\"headers\":\\{\"traceparent\":\"00-" + send.getTraceId() + "-"
                    + send.getSpanId() + "-0[01]\"}}");
            assertThat(received.frameString(1)).isEqualTo("ACME");
        }
    }

    @Test
    void theTypeIdAndTheTraceContextShareOneHeaderFrame() {
        TestTracing tracing = new TestTracing();
        try (ConfigurableApplicationContext front = start(Front.class, tracing, "monocoque.observation.propagation.enabled=true",
                "monocoque.template.type-id-header=true",
                "monocoque.sockets.orders.type=push", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=tcp://127.0.0.1:*");
                ZmqSocket peer = front.getBean(ZmqContext.class).createSocket(SocketType.PULL)) {
            peer.connect(endpoint(front, "orders"));
            Observation checkout = Observation.start("checkout", tracing.registry);
            try (Observation.Scope scope = checkout.openScope()) {
                front.getBean(ZmqTemplate.class).send("orders", new Order("ACME", 10));
            } finally {
                checkout.stop();
            }
            ZmqMessage received = peer.receive(WAIT);
            SimpleSpan send = tracing.span("orders send");
            assertThat(received.size()).isEqualTo(2);
            assertThat(received.frameString(0)).matches("\\{\"headers\":\\{\"traceparent\":\"00-" + send.getTraceId() + "-"
                    + send.getSpanId() + "-0[01]\"},\"typeId\":\"" + Order.class.getName().replace("$", "\\$") + "\"}");
            assertThat(received.frameString(1)).isEqualTo("{\"symbol\":\"ACME\",\"quantity\":10}");
        }
    }

    record Order(String symbol, int quantity) {
    }

    @Test
    void withPropagationOffTheWireCarriesThePayloadAlone() {
        TestTracing tracing = new TestTracing();
        try (ConfigurableApplicationContext front = start(Front.class, tracing,
                "monocoque.sockets.orders.type=push", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=tcp://127.0.0.1:*");
                ZmqSocket peer = front.getBean(ZmqContext.class).createSocket(SocketType.PULL)) {
            peer.connect(endpoint(front, "orders"));
            sendInTrace(front, tracing);
            assertThat(peer.receive(WAIT)).isEqualTo(ZmqMessage.of("ACME"));
            assertThat(tracing.span("orders send").getTags()).containsEntry("outcome", "success"); // observed all the same
        }
    }

    /** Sends orders, answers quote requests. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Front {

        @ZmqListener(socket = "quotes")
        String quote(String symbol) {
            return "quote for " + symbol;
        }
    }

    /** Takes orders, and asks the front for a quote for each. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Back {

        final BlockingQueue<String> quotes = new LinkedBlockingQueue<>();

        @Autowired
        ZmqTemplate template;

        @ZmqListener(socket = "orders")
        void order(String symbol) {
            quotes.add(template.sendAndReceive("quotes", symbol, String.class, WAIT));
        }
    }
}
