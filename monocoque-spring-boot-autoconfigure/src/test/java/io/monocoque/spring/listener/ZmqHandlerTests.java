package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.annotation.ZmqHandler;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

/**
 * A class-level {@code @ZmqListener} hands each message to one of its {@code @ZmqHandler}
 * methods: by the type id a header frame carries, else to the raw-payload handler, else to the
 * default one; handlers those rules cannot tell apart stop start-up.
 */
class ZmqHandlerTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MonocoqueAutoConfiguration.class))
            .withPropertyValues("monocoque.sockets.events.type=pull", "monocoque.sockets.events.bind=inproc://handler-events",
                    "monocoque.sockets.out.type=push", "monocoque.sockets.out.connect=inproc://handler-events");

    record OrderPlaced(String id) {
    }

    record OrderCancelled(String id) {
    }

    @Test
    void theTemplatesTypeIdChoosesTheHandlerOfThatTypeAndArrivesAsAHeader() {
        runner.withPropertyValues("monocoque.template.type-id-header=true").withUserConfiguration(TypedHandlers.class).run(context -> {
            ZmqTemplate template = context.getBean(ZmqTemplate.class);
            template.send("out", new OrderPlaced("p-1"));
            template.send("out", new OrderCancelled("c-1"));
            TypedHandlers handlers = context.getBean(TypedHandlers.class);
            await().atMost(WAIT).until(() -> handlers.seen.size() == 2);
            assertThat(handlers.seen).containsExactlyInAnyOrder("placed:p-1:" + OrderPlaced.class.getName(), "cancelled:c-1");
        });
    }

    @Test
    void aTypeIdOfAnotherPackageChoosesTheHandlerWhoseTypeHasThatSimpleName() {
        runner.withUserConfiguration(TypedHandlers.class).run(context -> {
            send(context.getBean(ZmqContext.class), "{\"headers\":{},\"typeId\":\"com.example.billing.OrderCancelled\"}", "{\"id\":\"c-2\"}");
            TypedHandlers handlers = context.getBean(TypedHandlers.class);
            await().atMost(WAIT).until(() -> handlers.seen.size() == 1);
            assertThat(handlers.seen).containsExactly("cancelled:c-2");
        });
    }

    @Test
    void withoutATypeIdTheHandlerOfTheRawPayloadTakesTheMessage() {
        runner.withPropertyValues("monocoque.template.type-id-header=true").withUserConfiguration(TypedAndRaw.class).run(context -> {
            send(context.getBean(ZmqContext.class), "{\"id\":\"p-3\"}"); // JSON an OrderPlaced could be made of, but no type id
            context.getBean(ZmqTemplate.class).send("out", new OrderPlaced("p-4"));
            TypedAndRaw handlers = context.getBean(TypedAndRaw.class);
            await().atMost(WAIT).until(() -> handlers.seen.size() == 2);
            assertThat(handlers.seen).containsExactlyInAnyOrder("raw:{\"id\":\"p-3\"}", "placed:p-4");
        });
    }

    @Test
    void withoutATypeIdOrARawHandlerTheDefaultHandlerTakesTheMessageAsItsOwnType() {
        runner.withUserConfiguration(TypedAndDefault.class).run(context -> {
            ZmqContext zmq = context.getBean(ZmqContext.class);
            send(zmq, "{\"id\":\"x-1\"}");
            send(zmq, "{\"headers\":{},\"typeId\":\"com.example.Unknown\"}", "{\"id\":\"x-2\"}"); // a type no handler takes
            send(zmq, "{\"headers\":{},\"typeId\":\"" + OrderPlaced.class.getName() + "\"}", "{\"id\":\"p-5\"}");
            TypedAndDefault handlers = context.getBean(TypedAndDefault.class);
            await().atMost(WAIT).until(() -> handlers.seen.size() == 3);
            assertThat(handlers.seen).containsExactlyInAnyOrder("other:{id=x-1}", "other:{id=x-2}", "placed:p-5");
        });
    }

    @Test
    void aMessageNoRuleFindsAHandlerForFailsAsAListenerCallDoesAndGoesToTheErrorHandler() {
        runner.withPropertyValues("monocoque.listener.error-handler=recording")
                .withUserConfiguration(TypedHandlers.class, RecordingErrorHandler.class).run(context -> {
            send(context.getBean(ZmqContext.class), "{\"id\":\"p-6\"}");
            RecordingErrorHandler errors = context.getBean(RecordingErrorHandler.class);
            await().atMost(WAIT).until(() -> errors.failures.size() == 1);
            assertThat(errors.failures.get(0)).contains("@ZmqListener ZmqHandlerTests.TypedHandlers has no @ZmqHandler for a message without a type id");
            assertThat(context.getBean(TypedHandlers.class).seen).isEmpty();
        });
    }

    @Test
    void aHandlersReturnValueIsTheReplyOnARepSocket() {
        runner.withPropertyValues("monocoque.template.type-id-header=true",
                "monocoque.sockets.desk.type=rep", "monocoque.sockets.desk.bind=inproc://handler-desk",
                "monocoque.sockets.client.type=req", "monocoque.sockets.client.connect=inproc://handler-desk")
                .withUserConfiguration(OrderDesk.class).run(context -> {
                    ZmqTemplate template = context.getBean(ZmqTemplate.class);
                    assertThat(template.sendAndReceive("client", new OrderPlaced("p-7"), String.class, WAIT)).isEqualTo("placed p-7");
                    assertThat(template.sendAndReceive("client", new OrderCancelled("c-7"), String.class, WAIT)).isEqualTo("cancelled c-7");
                });
    }

    @Test
    void withoutTheTypeIdHeaderTheTemplateSendsThePayloadFrameAloneAndWithItOnlyConvertedPayloadsGetOne() {
        runner.withPropertyValues("monocoque.sockets.events.type=pull").run(context -> {
            context.getBean(ZmqTemplate.class).send("out", new OrderPlaced("p-8"));
            ZmqMessage m = context.getBean("events", ZmqSocket.class).receive(WAIT);
            assertThat(m.size()).isEqualTo(1);
            assertThat(m.frameString(0)).isEqualTo("{\"id\":\"p-8\"}");
        });
        runner.withPropertyValues("monocoque.template.type-id-header=true").run(context -> {
            ZmqTemplate template = context.getBean(ZmqTemplate.class);
            ZmqSocket events = context.getBean("events", ZmqSocket.class);
            template.send("out", new OrderPlaced("p-9"));
            ZmqMessage m = events.receive(WAIT);
            assertThat(m.size()).isEqualTo(2);
            assertThat(m.frameString(0)).isEqualTo("{\"headers\":{},\"typeId\":\"" + OrderPlaced.class.getName() + "\"}");
            assertThat(m.frameString(1)).isEqualTo("{\"id\":\"p-9\"}"); // the payload stays the last frame
            template.send("out", "text");
            template.send("out", new byte[] {1});
            assertThat(events.receive(WAIT).size()).isEqualTo(1);
            assertThat(events.receive(WAIT).size()).isEqualTo(1);
        });
    }

    @Test
    void twoRawPayloadHandlersStopStartUpNamingBoth() {
        assertStartUpFails(TwoRaw.class, "ZmqHandlerTests.TwoRaw.bytes(byte[]) and ZmqHandlerTests.TwoRaw.text(String) could both take a message without a type id");
    }

    @Test
    void aRawAndADefaultHandlerStopStartUpNamingBoth() {
        assertStartUpFails(RawAndDefault.class, "ZmqHandlerTests.RawAndDefault.other(Map) and ZmqHandlerTests.RawAndDefault.raw(ZmqMessage) could both take a message without a type id (other() is the default; raw() takes the raw payload)");
    }

    @Test
    void twoDefaultHandlersStopStartUpNamingBoth() {
        assertStartUpFails(TwoDefaults.class, "ZmqHandlerTests.TwoDefaults.a(ZmqHandlerTests.OrderPlaced) and ZmqHandlerTests.TwoDefaults.b(ZmqHandlerTests.OrderCancelled) could both take a message without a type id (a() is the default; b() is the default)");
    }

    @Test
    void twoHandlersOfOnePayloadTypeStopStartUpNamingBoth() {
        assertStartUpFails(SameType.class, "ZmqHandlerTests.SameType.first(ZmqHandlerTests.OrderPlaced) and ZmqHandlerTests.SameType.second(ZmqHandlerTests.OrderPlaced) both take");
    }

    @Test
    void aZmqHandlerOnAClassWithoutAClassLevelListenerStopsStartUp() {
        assertStartUpFails(HandlerWithoutListener.class, "@ZmqHandler ZmqHandlerTests.HandlerWithoutListener.orphan() is on a class without a class-level @ZmqListener");
    }

    @Test
    void aClassLevelListenerWithoutHandlersStopsStartUp() {
        assertStartUpFails(ListenerWithoutHandlers.class, "@ZmqListener ZmqHandlerTests.ListenerWithoutHandlers is on a class without @ZmqHandler methods");
    }

    @Test
    void aClassLevelListenerCannotTakeBatches() {
        assertStartUpFails(BatchClass.class, "cannot take batches");
    }

    private void assertStartUpFails(Class<?> configuration, String message) {
        runner.withUserConfiguration(configuration).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
        });
    }

    private static void send(ZmqContext zmq, String... frames) {
        try (ZmqSocket push = zmq.createSocket(SocketType.PUSH)) {
            push.connect("inproc://handler-events");
            byte[][] bytes = new byte[frames.length][];
            for (int i = 0; i < frames.length; i++) {
                bytes[i] = frames[i].getBytes(StandardCharsets.UTF_8);
            }
            assertThat(push.send(ZmqMessage.of(bytes), WAIT)).isTrue();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "events")
    static class TypedHandlers {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @ZmqHandler
        void placed(OrderPlaced order, @Header(ZmqHeaders.TYPE_ID) String typeId) {
            seen.add("placed:" + order.id() + ":" + typeId);
        }

        @ZmqHandler
        void cancelled(OrderCancelled order) {
            seen.add("cancelled:" + order.id());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingErrorHandler {

        final List<String> failures = new CopyOnWriteArrayList<>();

        @Bean
        ZmqListenerErrorHandler recording() {
            return (message, e) -> {
                failures.add(e.getCause().getMessage());
                return null;
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "events")
    static class TypedAndRaw {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @ZmqHandler
        void placed(OrderPlaced order) {
            seen.add("placed:" + order.id());
        }

        @ZmqHandler
        void raw(String text) {
            seen.add("raw:" + text);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "events")
    static class TypedAndDefault {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @ZmqHandler
        void placed(OrderPlaced order) {
            seen.add("placed:" + order.id());
        }

        @ZmqHandler(isDefault = true)
        void other(Map<String, Object> event) {
            seen.add("other:" + event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "desk")
    static class OrderDesk {

        @ZmqHandler
        String placed(OrderPlaced order) {
            return "placed " + order.id();
        }

        @ZmqHandler
        String cancelled(OrderCancelled order) {
            return "cancelled " + order.id();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "events")
    static class TwoRaw {

        @ZmqHandler
        void bytes(byte[] body) {
        }

        @ZmqHandler
        void text(String body) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "events")
    static class RawAndDefault {

        @ZmqHandler
        void raw(ZmqMessage message) {
        }

        @ZmqHandler(isDefault = true)
        void other(Map<String, Object> event) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "events")
    static class TwoDefaults {

        @ZmqHandler(isDefault = true)
        void a(OrderPlaced order) {
        }

        @ZmqHandler(isDefault = true)
        void b(OrderCancelled order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "events")
    static class SameType {

        @ZmqHandler
        void first(OrderPlaced order) {
        }

        @ZmqHandler
        void second(OrderPlaced order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HandlerWithoutListener {

        @ZmqHandler
        void orphan() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "events")
    static class ListenerWithoutHandlers {

        void notAHandler(String body) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ZmqListener(socket = "events", batchSize = "10")
    static class BatchClass {

        @ZmqHandler
        void any(String body) {
        }
    }
}
