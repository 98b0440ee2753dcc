package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.ClientContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.messaging.handler.annotation.Header;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * {@code @ZmqListener} on the draft types: a SERVER listener answers each CLIENT on its own
 * connection, with several threads at once; GATHER and CLIENT listeners receive.
 */
@SpringBootTest(classes = DraftTypeListenerTests.App.class, properties = {
        "monocoque.sockets.answers.type=server", "monocoque.sockets.answers.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.work.type=gather", "monocoque.sockets.work.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.upstream.type=client", "monocoque.sockets.upstream.bind=tcp://127.0.0.1:*"})
class DraftTypeListenerTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int CLIENTS = 6;
    private static final int REQUESTS = 40;

    @RegisterExtension
    static final ClientContext clients = new ClientContext();

    @Autowired
    Listeners listeners;

    @Autowired
    ZmqListenerEndpointRegistry registry;

    @Autowired
    ZmqTemplate template;

    @Test
    void aServerListenerAnswersSeveralClientsAtOnceEachOnItsOwnConnection() throws Exception {
        String endpoint = registry.getListenerContainer("answers").getSocket().lastEndpoint();
        assertThat(registry.getListenerContainer("answers").getConcurrency()).isEqualTo(4);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch allConnected = new CountDownLatch(CLIENTS);
        try {
            List<Future<List<String>>> replies = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String name = "client-" + c;
                replies.add(pool.submit(() -> {
                    try (ZmqSocket client = clients.createSocket(SocketType.CLIENT)) {
                        client.setOption(SocketOption.LINGER, Duration.ZERO);
                        client.connect(endpoint);
                        allConnected.countDown();
                        allConnected.await(); // every client has requests in flight together
                        List<String> got = new ArrayList<>();
                        for (int i = 0; i < REQUESTS; i++) {
                            client.send(ZmqMessage.of(name + " #" + i));
                            ZmqMessage reply = client.receive(WAIT);
                            got.add(reply == null ? "nothing" : reply.frameString(0));
                        }
                        return got;
                    }
                }));
            }
            for (int c = 0; c < CLIENTS; c++) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    expected.add("answer to client-" + c + " #" + i);
                }
                assertThat(replies.get(c).get(30, TimeUnit.SECONDS)).as("the replies client-%d got", c).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        // each client was one connection, with one routing id of its own, seen on every request
        Set<Integer> seen = new java.util.HashSet<>();
        for (int c = 0; c < CLIENTS; c++) {
            Set<Integer> ids = listeners.routingIds.get("client-" + c);
            assertThat(ids).as("routing ids of client-%d", c).hasSize(1).doesNotContain(0);
            seen.addAll(ids);
        }
        assertThat(seen).as("one routing id per client").hasSize(CLIENTS);
    }

    @Test
    void twoRequestsAreHandledAtTheSameTimeAndEachReplyGoesToItsOwnClient() {
        String endpoint = registry.getListenerContainer("answers").getSocket().lastEndpoint();
        try (ZmqSocket a = clients.createSocket(SocketType.CLIENT); ZmqSocket b = clients.createSocket(SocketType.CLIENT)) {
            a.setOption(SocketOption.LINGER, Duration.ZERO);
            b.setOption(SocketOption.LINGER, Duration.ZERO);
            a.connect(endpoint);
            b.connect(endpoint);
            // each call waits for the other at a barrier: one thread alone would time out there and answer "alone"
            a.send(ZmqMessage.of("a meet"));
            b.send(ZmqMessage.of("b meet"));
            assertThat(a.receive(WAIT).frameString(0)).isEqualTo("answer to a meet, together");
            assertThat(b.receive(WAIT).frameString(0)).isEqualTo("answer to b meet, together");
        }
    }

    @Test
    void anInlineServerListenerRepliesWithWhatItReturns() {
        String endpoint = registry.getListenerContainer("inline-server").getSocket().lastEndpoint();
        try (ZmqSocket client = clients.createSocket(SocketType.CLIENT)) {
            client.setOption(SocketOption.LINGER, Duration.ZERO);
            client.connect(endpoint);
            client.send(ZmqMessage.of("ping"));
            assertThat(client.receive(WAIT).frameString(0)).isEqualTo("PING");
        }
    }

    @Test
    void aJeroMqClientGetsItsAnswersFromAServerListener() {
        String endpoint = registry.getListenerContainer("answers").getSocket().lastEndpoint();
        try (ZContext jeromq = new ZContext()) {
            ZMQ.Socket client = jeromq.createSocket(org.zeromq.SocketType.CLIENT);
            client.setHandshakeIvl(2000);
            client.setLinger(0);
            client.setReceiveTimeOut((int) WAIT.toMillis());
            client.connect(endpoint);
            for (int i = 0; i < 20; i++) {
                assertThat(client.send("jeromq #" + i)).isTrue();
                assertThat(client.recvStr()).isEqualTo("answer to jeromq #" + i);
            }
        }
    }

    @Test
    void aGatherListenerReceivesWhatScattersSend() throws Exception {
        String endpoint = registry.getListenerContainer("work").getSocket().lastEndpoint();
        try (ZmqSocket scatter = clients.createSocket(SocketType.SCATTER)) {
            scatter.setOption(SocketOption.LINGER, Duration.ZERO);
            scatter.connect(endpoint);
            scatter.send(ZmqMessage.of("task 1"));
            scatter.send(ZmqMessage.of("task 2"));
            assertThat(listeners.work.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("task 1");
            assertThat(listeners.work.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("task 2");
        }
    }

    @Test
    void aClientListenerReceivesWhatTheServerSendsItOnceItIsKnown() throws Exception {
        String endpoint = registry.getListenerContainer("from-server").getSocket().lastEndpoint();
        try (ZmqSocket server = clients.createSocket(SocketType.SERVER)) {
            server.setOption(SocketOption.LINGER, Duration.ZERO);
            server.connect(endpoint);
            template.send("upstream", "hello"); // a server learns a client's routing id from what the client sends
            ZmqMessage hello = server.receive(WAIT);
            assertThat(hello.frameString(0)).isEqualTo("hello");
            server.send(ZmqMessage.of("news 1").withRoutingId(hello.routingId()));
            server.send(ZmqMessage.of("news 2").withRoutingId(hello.routingId()));
            assertThat(listeners.fromServer.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("news 1");
            assertThat(listeners.fromServer.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("news 2");
        }
    }

    @Test
    void aStreamListenerAnswersARawTcpClientOnItsConnection() throws Exception {
        String endpoint = registry.getListenerContainer("raw").getSocket().lastEndpoint();
        String[] hostPort = endpoint.substring("tcp://".length()).split(":");
        try (java.net.Socket tcp = new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            tcp.setSoTimeout((int) WAIT.toMillis());
            tcp.getOutputStream().write("hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(tcp.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HELLO");
        }
    }

    @Test
    void aPeerListenerAnswersAPeerThatConnectedToIt() {
        String endpoint = registry.getListenerContainer("peer").getSocket().lastEndpoint();
        try (ZmqSocket peer = clients.createSocket(SocketType.PEER)) {
            peer.setOption(SocketOption.LINGER, Duration.ZERO);
            int toListener = peer.connectPeer(endpoint); // the connecting side speaks first
            peer.send(ZmqMessage.of("hi").withRoutingId(toListener));
            ZmqMessage reply = peer.receive(WAIT);
            assertThat(reply.frameString(0)).isEqualTo("peer says hi");
            assertThat(reply.routingId()).as("from the connection it connected").isEqualTo(toListener);
        }
    }

    @Test
    void aChannelListenerReceivesFromItsOnePeer() throws Exception {
        String endpoint = registry.getListenerContainer("channel").getSocket().lastEndpoint();
        try (ZmqSocket channel = clients.createSocket(SocketType.CHANNEL)) {
            channel.setOption(SocketOption.LINGER, Duration.ZERO);
            channel.connect(endpoint);
            channel.send(ZmqMessage.of("stage 1 done"));
            assertThat(listeners.channel.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("stage 1 done");
        }
    }

    static class Listeners {

        final ConcurrentHashMap<String, Set<Integer>> routingIds = new ConcurrentHashMap<>();
        final java.util.concurrent.CyclicBarrier meeting = new java.util.concurrent.CyclicBarrier(2);
        final BlockingQueue<String> work = new LinkedBlockingQueue<>();
        final BlockingQueue<String> fromServer = new LinkedBlockingQueue<>();
        final BlockingQueue<String> channel = new LinkedBlockingQueue<>();

        @ZmqListener(id = "peer", type = SocketType.PEER, bind = "tcp://127.0.0.1:*")
        String peer(String message) {
            return "peer says " + message;
        }

        @ZmqListener(id = "channel", type = SocketType.CHANNEL, bind = "tcp://127.0.0.1:*")
        void channel(String message) {
            channel.add(message);
        }

        @ZmqListener(id = "answers", socket = "answers", concurrency = "4")
        String answer(String request, @Header(ZmqHeaders.ROUTING_ID) Integer routingId) throws InterruptedException {
            if (request.endsWith(" meet")) {
                try {
                    meeting.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    return "answer to " + request + ", together";
                } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
                    return "answer to " + request + ", alone";
                }
            }
            routingIds.computeIfAbsent(request.substring(0, request.indexOf(' ')), k -> ConcurrentHashMap.newKeySet()).add(routingId);
            return "answer to " + request;
        }

        @ZmqListener(id = "inline-server", type = SocketType.SERVER, bind = "tcp://127.0.0.1:*", concurrency = "2")
        String shout(String request) {
            return request.toUpperCase(java.util.Locale.ROOT);
        }

        /** Raw TCP: the connect and disconnect notifications are empty, and an empty answer would close the connection. */
        @ZmqListener(id = "raw", type = SocketType.STREAM, bind = "tcp://127.0.0.1:*")
        String rawShout(String bytes) {
            return bytes.isEmpty() ? null : bytes.toUpperCase(java.util.Locale.ROOT);
        }

        @ZmqListener(id = "work", socket = "work")
        void work(String task) {
            work.add(task);
        }

        @ZmqListener(id = "from-server", socket = "upstream")
        void fromServer(String news) {
            fromServer.add(news);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {
    }
}
