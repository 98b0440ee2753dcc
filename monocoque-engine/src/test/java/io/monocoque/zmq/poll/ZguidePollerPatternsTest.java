package io.monocoque.zmq.poll;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqPollItem;
import io.monocoque.zmq.ZmqPoller;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.PyzmqInterpreter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.monocoque.zmq.ZmqPoller.POLLIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The zguide's poll-loop patterns, written with {@link ZmqPoller} on Monocoque sockets, with
 * libzmq (pyzmq) on the other side.
 */
class ZguidePollerPatternsTest extends PollTestSockets {

    @BeforeEach
    void needsLibzmq() {
        PyzmqInterpreter.assumeAvailable();
    }

    /**
     * Lazy pirate (zguide chapter 4): a REQ client that polls for its reply with a timeout and,
     * when none comes, abandons the socket (a REQ cannot send twice), opens a new one and sends
     * the request again. The libzmq server never answers its 2nd and 5th requests.
     */
    @Test
    void lazyPirateClientResendsOnAFreshSocketUntilTheLibzmqServerAnswers() throws Exception {
        Duration requestTimeout = Duration.ofMillis(750);
        int maxAttempts = 10; // a reply slowed past the timeout by a loaded machine costs an attempt too
        try (ZguidePeers server = new ZguidePeers("lazy-pirate-server", "2,5")) {
            String endpoint = server.awaitLine("READY ", TIMEOUT).substring("READY ".length());
            List<String> resent = new ArrayList<>();
            int socketsOpened = 1;
            ZmqSocket client = lazyPirateClient(endpoint);
            try (ZmqPoller poller = new ZmqPoller()) {
                for (int seq = 1; seq <= 6; seq++) {
                    String request = Integer.toString(seq);
                    client.send(request);
                    ZmqPollItem item = poller.register(client, POLLIN);
                    for (int attempt = 1; ; attempt++) {
                        if (!poller.poll(requestTimeout).isEmpty()) {
                            assertThat(item.isReadable()).isTrue();
                            String reply = client.receive(Duration.ZERO).frameString(0);
                            if (reply.equals(request)) {
                                break;
                            }
                            // Not our answer (the zguide client's "malformed reply"): try again.
                        }
                        if (attempt == maxAttempts) {
                            fail("no reply to request %s after %d attempts; %s", request, attempt, server.describe());
                        }
                        poller.unregister(item);
                        client.close();
                        client = lazyPirateClient(endpoint);
                        socketsOpened++;
                        resent.add(request);
                        client.send(request);
                        item = poller.register(client, POLLIN);
                    }
                    poller.unregister(item);
                }
            } finally {
                client.close();
            }
            // The server prints after it sends, and its output reaches us on a thread of its own:
            // once its last line is read, every earlier one is too.
            server.awaitLine("REPLIED 6", TIMEOUT);
            List<String> dropped = new ArrayList<>();
            for (String line : server.printed("DROPPED ")) {
                dropped.add(line.substring("DROPPED ".length()));
            }
            // Unhurried, the server receives 1, 2 (dropped), 2, 3, 4 (dropped: its 5th), 4, 5, 6; a
            // reply slowed past the timeout adds a resend and shifts which requests are dropped.
            assertThat(dropped).hasSize(2);
            assertThat(resent).containsAll(dropped);
            assertThat(socketsOpened).isEqualTo(1 + resent.size());
        }
    }

    private ZmqSocket lazyPirateClient(String endpoint) {
        ZmqSocket client = ctx.createSocket(SocketType.REQ);
        client.setOption(SocketOption.LINGER, Duration.ZERO);
        client.connect(endpoint);
        return client;
    }

    /**
     * Load-balancing broker (zguide chapter 3): a ROUTER for clients and a ROUTER for workers;
     * the broker polls the workers' side always and the clients' side only while a worker is
     * free, and hands each request to the worker that has waited longest. Clients and workers are
     * libzmq REQ sockets.
     */
    @Test
    void loadBalancingBrokerServesLibzmqClientsThroughLibzmqWorkers() throws Exception {
        int clients = 4;
        int workers = 3;
        int requests = 5;
        ZmqSocket frontend = socket(SocketType.ROUTER);
        ZmqSocket backend = socket(SocketType.ROUTER);
        frontend.bind("tcp://127.0.0.1:*");
        backend.bind("tcp://127.0.0.1:*");
        try (ZguidePeers peers = new ZguidePeers("lbbroker-peers", frontend.lastEndpoint(), backend.lastEndpoint(),
                Integer.toString(clients), Integer.toString(workers), Integer.toString(requests));
             ZmqPoller poller = new ZmqPoller()) {
            ZmqPollItem workerSide = poller.register(backend, POLLIN);
            ZmqPollItem clientSide = poller.register(frontend, 0);
            ArrayDeque<byte[]> idle = new ArrayDeque<>();
            Map<String, Integer> servedBy = new HashMap<>();
            boolean clientsStarted = false;
            int replies = 0;
            while (replies < clients * requests) {
                clientSide.setEvents(idle.isEmpty() ? 0 : POLLIN);
                if (poller.poll(TIMEOUT).isEmpty()) {
                    fail("the broker saw nothing for %s with %d replies passed on and %d workers idle", TIMEOUT, replies, idle.size());
                }
                if (workerSide.isReadable()) {
                    ZmqMessage m = backend.receive(Duration.ZERO);
                    idle.add(m.frame(0));
                    if (m.size() == 3) {
                        assertThat(m.frameString(2)).isEqualTo("READY");
                    } else {
                        // [worker, "", client, "", reply]
                        frontend.send(ZmqMessage.of(m.frame(2), new byte[0], m.frame(4)));
                        replies++;
                    }
                    if (!clientsStarted && idle.size() == workers) {
                        // Every worker is queued: start the clients, so the first requests find all of them.
                        peers.writeLine("GO");
                        clientsStarted = true;
                    }
                }
                if (clientSide.isReadable()) {
                    // [client, "", request] to the worker that has waited longest
                    ZmqMessage m = frontend.receive(Duration.ZERO);
                    byte[] worker = idle.poll();
                    servedBy.merge(new String(worker), 1, Integer::sum);
                    backend.send(ZmqMessage.of(worker, new byte[0], m.frame(0), new byte[0], m.frame(2)));
                }
            }
            peers.awaitLine("CLIENTS-DONE", TIMEOUT);
            List<String> lines = peers.printed("REPLY ");
            assertThat(lines).hasSize(clients * requests);
            Set<String> answered = new HashSet<>();
            for (String line : lines) {
                String[] words = line.split(" "); // REPLY client request "request by worker"
                assertThat(words[3]).as(line).isEqualTo(words[2]);
                assertThat(words[2]).as(line).startsWith(words[1] + "-");
                answered.add(words[2]);
            }
            assertThat(answered).hasSize(clients * requests);
            assertThat(servedBy).as("requests each worker was given").containsOnlyKeys("worker-0", "worker-1", "worker-2");
            assertThat(servedBy.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(clients * requests);
        }
    }

    /**
     * A worker on several sockets (zguide chapter 2, "handling multiple sockets" and the kill
     * signal): it polls a PULL for tasks from a libzmq ventilator and a SUB for the libzmq sink's
     * control messages, sends each result to the sink, and stops at the "KILL" the sink publishes
     * once it has every result. The worker runs on a platform thread, and on a virtual one
     * (Java 21 and later).
     */
    @ParameterizedTest(name = "on a {0} thread")
    @ValueSource(strings = {"platform", "virtual"})
    void workerPollsTasksAndControlAndStopsAtTheSinksKill(String thread) throws Exception {
        int tasks = 50;
        ExecutorService workerThread = thread.equals("virtual") ? virtualThreadPerTaskExecutor() : Executors.newSingleThreadExecutor();
        try (AutoCloseable stopWorker = workerThread::shutdownNow;
             ZguidePeers peers = new ZguidePeers("task-peers", Integer.toString(tasks))) {
            String[] endpoints = peers.awaitLine("READY ", TIMEOUT).substring("READY ".length()).split(" ");
            ZmqSocket receiver = socket(SocketType.PULL);
            ZmqSocket sender = socket(SocketType.PUSH);
            ZmqSocket controller = socket(SocketType.SUB);
            receiver.connect(endpoints[0]);
            sender.connect(endpoints[1]);
            controller.connect(endpoints[2]);
            controller.subscribe("");
            peers.writeLine("GO");
            Future<Set<String>> worker = workerThread.submit(() -> {
                Set<String> done = new HashSet<>();
                try (ZmqPoller poller = new ZmqPoller()) {
                    ZmqPollItem taskItem = poller.register(receiver, POLLIN);
                    ZmqPollItem controlItem = poller.register(controller, POLLIN);
                    while (true) {
                        if (poller.poll(TIMEOUT).isEmpty()) {
                            fail("the worker saw nothing for %s after %d tasks", TIMEOUT, done.size());
                        }
                        if (taskItem.isReadable()) {
                            String task = receiver.receive(Duration.ZERO).frameString(0);
                            assertThat(done.add(task)).as("task %s came once", task).isTrue();
                            sender.send("result of " + task);
                        }
                        if (controlItem.isReadable()) {
                            assertThat(controller.receive(Duration.ZERO).frameString(0)).isEqualTo("KILL");
                            return done;
                        }
                    }
                }
            });
            assertThat(worker.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("tasks done before the KILL").hasSize(tasks);
            assertThat(peers.awaitLine("RESULTS ", TIMEOUT)).isEqualTo("RESULTS " + tasks);
        }
    }
}
