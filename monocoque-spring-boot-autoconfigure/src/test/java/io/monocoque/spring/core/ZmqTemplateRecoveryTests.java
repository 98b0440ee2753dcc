package io.monocoque.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.autoconfigure.ZmqSocketTrackerConfiguration;
import io.monocoque.spring.pyzmq.PyzmqPeer;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link ZmqTemplate} request/reply against libzmq servers (pyzmq) that lose or delay requests: a
 * REQ template goes on with a fresh socket (or, relaxed and correlating, with its own), and a
 * DEALER template carries a thousand asynchronous requests at once.
 */
class ZmqTemplateRecoveryTests {

    /** A ROUTER server that answers every request with "re: body", except "drop", which it loses. */
    private static final String DROPPING_SERVER = """
            import zmq
            ctx = zmq.Context()
            s = ctx.socket(zmq.ROUTER)
            s.linger = 0
            s.bind("tcp://127.0.0.1:*")
            print("endpoint", s.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
            while True:
                frames = s.recv_multipart()
                body = frames[-1]
                print("got", body.decode(), flush=True)
                if body != b"drop":
                    s.send_multipart(frames[:-1] + [b"re: " + body])
            """;

    /** A ROUTER server that answers nothing until it holds N requests, then answers all, last first. */
    private static final String COLLECTING_SERVER = """
            import sys, zmq
            n = int(sys.argv[1])
            ctx = zmq.Context()
            s = ctx.socket(zmq.ROUTER)
            s.linger = 1000
            s.rcvhwm = n + 10
            s.sndhwm = n + 10
            s.bind("tcp://127.0.0.1:*")
            print("endpoint", s.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
            held = [s.recv_multipart() for _ in range(n)]
            print("holding", len(held), flush=True)
            for frames in reversed(held):
                s.send_multipart(frames[:-1] + [b"re: " + frames[-1]])
            print("answered", flush=True)
            s.recv_multipart()
            """;

    /** A ROUTER server that answers every request with "re: body", "slow" only after 800 ms. */
    private static final String SLOW_SERVER = """
            import time, zmq
            ctx = zmq.Context()
            s = ctx.socket(zmq.ROUTER)
            s.linger = 0
            s.bind("tcp://127.0.0.1:*")
            print("endpoint", s.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
            while True:
                frames = s.recv_multipart()
                body = frames[-1]
                if body == b"slow":
                    time.sleep(0.8)
                s.send_multipart(frames[:-1] + [b"re: " + body])
                print("answered", body.decode(), flush=True)
            """;

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class))
            .withUserConfiguration(ZmqSocketTrackerConfiguration.class);

    @Test
    void aReqTemplateGoesOnWithAFreshSocketAfterTheServerLostARequest() {
        try (PyzmqPeer server = PyzmqPeer.start(DROPPING_SERVER)) {
            String endpoint = server.endpoint();
            AtomicReference<ZmqSocket> fresh = new AtomicReference<>();
            runner.withPropertyValues("monocoque.sockets.quotes.type=req", "monocoque.sockets.quotes.connect=" + endpoint).run(context -> {
                ZmqTemplate template = context.getBean(ZmqTemplate.class);
                ZmqSocket bean = context.getBean("quotes", ZmqSocket.class);
                assertThat(template.sendAndReceive("quotes", "one", String.class, WAIT)).isEqualTo("re: one");

                long start = System.nanoTime();
                assertThatThrownBy(() -> template.sendAndReceive("quotes", "drop", String.class, Duration.ofMillis(300)))
                        .isInstanceOf(ZmqReplyTimeoutException.class).hasMessageContaining("'quotes' (REQ) timed out after 300 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
                assertThat(server.nextLine("got")).isEqualTo("one");
                assertThat(server.nextLine("got")).isEqualTo("drop");

                // The reply to "drop" never comes; a REQ socket waiting for it could never send again.
                for (String body : List.of("two", "three")) {
                    assertThat(template.sendAndReceive("quotes", body, String.class, WAIT)).isEqualTo("re: " + body);
                }
                assertThat(bean.isClosed()).isFalse(); // the bean stays the application's
                ZmqSocket tracked = context.getBean(ZmqSocketTracker.class).sockets().stream()
                        .filter(s -> s.name().equals("quotes")).findFirst().orElseThrow().socket();
                assertThat(tracked).isNotSameAs(bean); // metrics and health follow the socket that carries the traffic
                fresh.set(tracked);
            });
            assertThat(fresh.get().isClosed()).as("the fresh socket is closed with the application").isTrue();
        }
    }

    @Test
    void aRelaxedCorrelatingReqSocketGoesOnByItselfAfterATimeoutAndDropsTheLateReply() {
        try (PyzmqPeer server = PyzmqPeer.start(SLOW_SERVER)) {
            String endpoint = server.endpoint();
            runner.withPropertyValues("monocoque.sockets.quotes.type=req", "monocoque.sockets.quotes.connect=" + endpoint,
                    "monocoque.sockets.quotes.req-relaxed=true", "monocoque.sockets.quotes.req-correlate=true").run(context -> {
                ZmqTemplate template = context.getBean(ZmqTemplate.class);
                ZmqSocket bean = context.getBean("quotes", ZmqSocket.class);
                assertThatThrownBy(() -> template.sendAndReceive("quotes", "slow", String.class, Duration.ofMillis(300)))
                        .isInstanceOf(ZmqReplyTimeoutException.class);
                // The late "re: slow" comes while or before "two" is asked; correlation drops it.
                assertThat(template.sendAndReceive("quotes", "two", String.class, WAIT)).isEqualTo("re: two");
                assertThat(server.nextLine("answered")).isEqualTo("slow");
                assertThat(template.sendAndReceive("quotes", "three", String.class, WAIT)).isEqualTo("re: three");
                ZmqSocket tracked = context.getBean(ZmqSocketTracker.class).sockets().stream()
                        .filter(s -> s.name().equals("quotes")).findFirst().orElseThrow().socket();
                assertThat(tracked).as("no fresh socket was needed").isSameAs(bean);
            });
        }
    }

    @Test
    void aThousandAsynchronousRequestsAreInFlightAtOnceOnOneDealerAndEachGetsItsReply() throws Exception {
        int n = 1000;
        try (PyzmqPeer server = PyzmqPeer.start(COLLECTING_SERVER, Integer.toString(n))) {
            String endpoint = server.endpoint();
            runner.withPropertyValues("monocoque.sockets.quotes.type=dealer", "monocoque.sockets.quotes.connect=" + endpoint,
                    "monocoque.sockets.quotes.send-high-water-mark=" + (n + 10)).run(context -> {
                ZmqTemplate template = context.getBean(ZmqTemplate.class);
                List<CompletableFuture<String>> replies = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    replies.add(template.sendAndReceiveAsync("quotes", "q" + i, String.class, WAIT));
                }
                // The server answers only once it holds all of them: every request is in flight at once.
                assertThat(server.nextLine("holding")).isEqualTo(Integer.toString(n));
                CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                for (int i = 0; i < n; i++) {
                    assertThat(replies.get(i).getNow(null)).isEqualTo("re: q" + i);
                }
            });
        }
    }

    @Test
    void anAsynchronousRequestWithoutAReplyFailsWithTheSameTimeoutExceptionAndTheNextOneIsAnswered() throws Exception {
        try (PyzmqPeer server = PyzmqPeer.start(DROPPING_SERVER)) {
            String endpoint = server.endpoint();
            runner.withPropertyValues("monocoque.sockets.quotes.type=dealer", "monocoque.sockets.quotes.connect=" + endpoint).run(context -> {
                ZmqTemplate template = context.getBean(ZmqTemplate.class);
                CompletableFuture<String> lost = template.sendAndReceiveAsync("quotes", "drop", String.class, Duration.ofMillis(200));
                assertThatThrownBy(() -> lost.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(ZmqReplyTimeoutException.class).hasMessageContaining("(DEALER) timed out after 200 ms");
                assertThat(template.sendAndReceiveAsync("quotes", "next", String.class).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo("re: next");
            });
        }
    }

    @Test
    void asynchronousRequestReplyNeedsADealerSocket() {
        runner.withPropertyValues("monocoque.sockets.quotes.type=req", "monocoque.sockets.quotes.connect=tcp://127.0.0.1:1").run(context -> {
            assertThatThrownBy(() -> context.getBean(ZmqTemplate.class).sendAndReceiveAsync("quotes", "x", String.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEALER").hasMessageContaining("use sendAndReceive");
        });
    }
}
