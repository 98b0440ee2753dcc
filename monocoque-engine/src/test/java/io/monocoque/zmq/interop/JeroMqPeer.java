package io.monocoque.zmq.interop;

import io.monocoque.zmq.ZmqMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.monocoque.zmq.interop.InteropMessages.ANONYMOUS_NAME;
import static io.monocoque.zmq.interop.InteropMessages.EXPLICIT_NAME;
import static io.monocoque.zmq.interop.InteropMessages.EXPLICIT_ROUTING_ID;
import static io.monocoque.zmq.interop.InteropMessages.SENTINEL;
import static io.monocoque.zmq.interop.InteropMessages.SUBSCRIBED;
import static io.monocoque.zmq.interop.InteropMessages.WARMUP;
import static io.monocoque.zmq.interop.InteropMessages.WINDOW;
import static io.monocoque.zmq.interop.InteropMessages.ascii;
import static io.monocoque.zmq.interop.InteropMessages.expect;
import static io.monocoque.zmq.interop.InteropMessages.isSubscribed;
import static io.monocoque.zmq.interop.InteropMessages.message;
import static io.monocoque.zmq.interop.InteropMessages.published;
import static io.monocoque.zmq.interop.InteropMessages.subscription;
import static io.monocoque.zmq.interop.InteropMessages.topicOf;
import static org.assertj.core.api.Assertions.fail;

/**
 * A JeroMQ peer for the interop tests: plays the same modes as the python peer
 * ({@code interop/zmq_peer.py}), with JeroMQ 0.6.0 (which speaks ZMTP 3.0), on a thread of its
 * own.
 *
 * <p>JeroMQ sockets are not thread-safe, so every JeroMQ socket of a peer is created, used and
 * closed on the peer's thread, and the peer's {@link ZContext} is closed there too, in a
 * {@code finally} block. Every socket has send and receive timeouts, so the thread always ends;
 * a failure on it (an {@link AssertionError} from a content check, a timeout) is rethrown to
 * the test by {@link #awaitFinished()}.
 *
 * <p>The conversation of {@link InteropPeer} travels through two queues instead of a pipe.
 */
final class JeroMqPeer implements InteropPeer {

    private static final int TIMEOUT_MS = (int) STEP.toMillis();

    private final String name;
    private final String mode;
    private final boolean bind;
    private final String endpoint;
    private final int count;
    private final String socketType;
    private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> orders = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private final Thread thread;
    /** The peer's sockets' monitor events, stamped like the Monocoque side's (ms of the wall clock). */
    private final List<String> monitorEvents = Collections.synchronizedList(new ArrayList<>());
    /** The threads reading them; the peer's thread stops and joins them before closing its context. */
    private final List<Thread> monitors = new ArrayList<>();
    private volatile boolean stopMonitors;

    private JeroMqPeer(String mode, boolean bind, String endpoint, int count, String socketType) {
        this.name = mode + (bind ? " --bind " : " --connect ") + endpoint;
        this.mode = mode;
        this.bind = bind;
        this.endpoint = endpoint;
        this.count = count;
        this.socketType = socketType;
        this.thread = new Thread(this::run, "jeromq-" + mode);
        this.thread.setDaemon(true);
    }

    /** Starts JeroMQ peers and stops, on {@link #close()}, those still running. */
    static final class Launcher implements InteropPeer.Launcher, AutoCloseable {

        private final List<JeroMqPeer> peers = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String implementation() {
            return "JeroMQ";
        }

        /** Starts a peer; the only option understood is {@code --type <socket type>} for the idle mode. */
        @Override
        public JeroMqPeer start(String mode, boolean bind, String endpoint, int count, String... options) {
            String type = "sub";
            for (int i = 0; i + 1 < options.length; i += 2) {
                if (options[i].equals("--type")) {
                    type = options[i + 1];
                } else {
                    throw new IllegalArgumentException("unknown option " + options[i]);
                }
            }
            JeroMqPeer peer = new JeroMqPeer(mode, bind, endpoint, count, type);
            peers.add(peer);
            peer.thread.start();
            return peer;
        }

        @Override
        public void close() {
            List<JeroMqPeer> all;
            synchronized (peers) {
                all = new ArrayList<>(peers);
                peers.clear();
            }
            all.forEach(JeroMqPeer::close);
        }
    }

    // ---- the test's side -----------------------------------------------------------------------

    @Override
    public String awaitReady() {
        String line = awaitReport("READY ", STEP);
        return line.substring("READY ".length());
    }

    @Override
    public boolean pollReport(String word, Duration timeout) {
        return pollReportLine(word, timeout) != null;
    }

    private String pollReportLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (result.isCompletedExceptionally()) {
                throw failure("the JeroMQ peer failed before reporting " + prefix.trim());
            }
            String line;
            try {
                line = reports.poll(Math.min(50_000_000L, Math.max(0, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + prefix.trim(), e);
            }
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && System.nanoTime() - deadline >= 0) {
                return null;
            }
        }
    }

    private String awaitReport(String prefix, Duration timeout) {
        String line = pollReportLine(prefix, timeout);
        if (line == null) {
            throw failure("no '" + prefix.trim() + "' from the JeroMQ peer within " + timeout.toSeconds() + " s");
        }
        return line;
    }

    @Override
    public void tell(String word) {
        orders.add(word);
    }

    @Override
    public int awaitFinished() {
        String line = awaitReport("FINISHED ", STEP);
        tell("DONE");
        try {
            result.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw failure("the JeroMQ peer did not end cleanly");
        }
        return Integer.parseInt(line.substring("FINISHED ".length()));
    }

    private AssertionError failure(String what) {
        if (result.isCompletedExceptionally()) {
            try {
                result.join();
            } catch (Exception e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return new AssertionError(what + ": JeroMQ peer [" + name + "]: " + cause, cause);
            }
        }
        return new AssertionError(what + ": " + describe());
    }

    /** The peer's state, its sockets' monitor events and, while it runs, where its thread is. */
    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("JeroMQ peer [").append(name).append("] ")
                .append(thread.isAlive() ? "still running (" + thread.getState() + ")" : "ended")
                .append("\n  its monitor events:");
        synchronized (monitorEvents) {
            if (monitorEvents.isEmpty()) {
                b.append(" (none)");
            }
            monitorEvents.forEach(e -> b.append("\n    ").append(e));
        }
        if (thread.isAlive()) {
            b.append("\n  its thread:");
            for (StackTraceElement e : thread.getStackTrace()) {
                b.append("\n    at ").append(e);
            }
        }
        return b.toString();
    }

    /**
     * Tells the peer to stop and waits for its thread (bounded by its socket timeouts); a thread
     * still blocked after a few seconds (a test that failed half-way) is interrupted.
     */
    @Override
    public void close() {
        orders.add("DONE");
        try {
            thread.join(3_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(STEP.toMillis() + 5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "JeroMQ peer [" + name + "]";
    }

    // ---- the peer's side -----------------------------------------------------------------------

    private void run() {
        ZContext ctx = new ZContext();
        try {
            int n = play(ctx);
            if (!mode.equals("idle")) {
                reports.add("FINISHED " + n);
                awaitOrder("DONE");
            }
            result.complete(n);
        } catch (Throwable t) {
            result.completeExceptionally(t);
        } finally {
            stopMonitors = true;
            for (Thread t : monitors) {
                try {
                    t.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ctx.close();
        }
    }

    private int play(ZContext ctx) throws InterruptedException {
        switch (mode) {
            case "push": {
                ZMQ.Socket s = open(ctx, SocketType.PUSH);
                for (int i = 0; i < count; i++) {
                    send(s, message(i, count, "m"), "message " + i);
                }
                return count;
            }
            case "pull": {
                ZMQ.Socket s = open(ctx, SocketType.PULL);
                for (int i = 0; i < count; i++) {
                    expect("message " + i, recv(s), message(i, count, "m"));
                }
                return count;
            }
            case "pub":
                return pub(ctx);
            case "sub": {
                ZMQ.Socket s = socket(ctx, SocketType.SUB);
                s.setRcvHWM(0);
                SUBSCRIBED.forEach(s::subscribe);
                attach(s);
                expect("the first message (a warm-up)", recv(s), WARMUP);
                reports.add("WARMED");
                return receivePublished(s, true);
            }
            case "req": {
                ZMQ.Socket s = open(ctx, SocketType.REQ);
                for (int i = 0; i < count; i++) {
                    ZmqMessage m = message(i, count, "m");
                    send(s, m, "request " + i);
                    expect("reply " + i, recv(s), m);
                }
                return count;
            }
            case "rep": {
                ZMQ.Socket s = open(ctx, SocketType.REP);
                for (int i = 0; i < count; i++) {
                    ZmqMessage m = recv(s);
                    expect("request " + i, m, message(i, count, "m"));
                    send(s, m, "reply " + i);
                }
                return count;
            }
            case "dealer":
                return dealers(ctx);
            case "router":
                return router(ctx);
            case "pair": {
                ZMQ.Socket s = open(ctx, SocketType.PAIR);
                for (int i = 0; i < count; i++) {
                    expect("message " + i, recv(s), message(i, count, "m"));
                }
                for (int i = 0; i < count; i++) {
                    send(s, message(i, count, "back"), "reply " + i);
                }
                return 2 * count;
            }
            case "xpub": {
                ZMQ.Socket s = socket(ctx, SocketType.XPUB);
                s.setSndHWM(0);
                attach(s);
                for (String t : SUBSCRIBED) {
                    expect("the subscription to " + t, recv(s), subscription(1, t));
                }
                for (int i = 0; i < count; i++) {
                    send(s, published(i, count), "message " + i);
                }
                send(s, SENTINEL, "the end sentinel");
                expect("the unsubscription", recv(s), subscription(0, SUBSCRIBED.get(0)));
                return count;
            }
            case "xsub": {
                ZMQ.Socket s = socket(ctx, SocketType.XSUB);
                s.setRcvHWM(0);
                attach(s);
                for (String t : SUBSCRIBED) {
                    send(s, subscription(1, t), "the subscription to " + t);
                }
                int n = receivePublished(s, false);
                send(s, subscription(0, SUBSCRIBED.get(0)), "the unsubscription");
                return n;
            }
            case "clients":
                return clients(ctx);
            case "server":
                return server(ctx);
            case "scatter": {
                ZMQ.Socket s = open(ctx, SocketType.SCATTER);
                for (int i = 0; i < count; i++) {
                    sendSingle(s, DraftMessages.payload("scatter", i), 0, "message " + i);
                }
                return count;
            }
            case "gather": {
                ZMQ.Socket s = open(ctx, SocketType.GATHER);
                for (int i = 0; i < count; i++) {
                    DraftMessages.expect("message " + i, recvSingle(s), DraftMessages.payload("scatter", i));
                }
                return count;
            }
            case "channel": {
                ZMQ.Socket s = open(ctx, SocketType.CHANNEL);
                for (int i = 0; i < count; i++) {
                    DraftMessages.expect("message " + i, recvSingle(s), DraftMessages.payload("there", i));
                }
                for (int i = 0; i < count; i++) {
                    sendSingle(s, DraftMessages.payload("back", i), 0, "reply " + i);
                }
                return 2 * count;
            }
            case "peer":
                return peer(ctx);
            case "idle":
                open(ctx, SocketType.valueOf(socketType.toUpperCase(Locale.ROOT)));
                awaitOrder("DONE");
                return 0;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private int pub(ZContext ctx) throws InterruptedException {
        ZMQ.Socket s = socket(ctx, SocketType.PUB);
        s.setSndHWM(0);
        attach(s);
        // Slow joiner: publish warm-ups until the subscriber under test says it received one.
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            send(s, WARMUP, "a warm-up");
            String order = orders.poll(10, TimeUnit.MILLISECONDS);
            if ("GO".equals(order)) {
                break;
            }
            if ("DONE".equals(order) || System.nanoTime() - deadline > 0) {
                fail("the subscriber under test never confirmed a warm-up");
            }
        }
        for (int i = 0; i < count; i++) {
            send(s, published(i, count), "message " + i);
        }
        send(s, SENTINEL, "the end sentinel");
        return count;
    }

    private int receivePublished(ZMQ.Socket s, boolean skipWarmups) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (!isSubscribed(topicOf(i))) {
                continue;
            }
            ZmqMessage m;
            do {
                m = recv(s);
            } while (skipWarmups && WARMUP.equals(m));
            expect("published message " + i, m, published(i, count));
            n++;
        }
        expect("the end sentinel", recv(s), SENTINEL);
        return n;
    }

    /** Two dealers, one with an explicit routing id, each keeping WINDOW requests in flight. */
    private int dealers(ZContext ctx) {
        ZMQ.Socket explicit = socket(ctx, SocketType.DEALER);
        explicit.setIdentity(ascii(EXPLICIT_ROUTING_ID));
        ZMQ.Socket anonymous = socket(ctx, SocketType.DEALER);
        attach(explicit);
        attach(anonymous);
        List<ZMQ.Socket> sockets = List.of(explicit, anonymous);
        List<String> names = List.of(EXPLICIT_NAME, ANONYMOUS_NAME);
        int received = 0;
        for (int i = 0; i < count + WINDOW; i++) {
            for (int d = 0; d < 2; d++) {
                if (i < count) {
                    send(sockets.get(d), message(names.get(d), i, count, "m"), names.get(d) + " request " + i);
                }
                int j = i - WINDOW;
                if (j >= 0) {
                    expect(names.get(d) + " reply " + j, recv(sockets.get(d)), message(names.get(d), j, count, "m"));
                    received++;
                }
            }
        }
        return received;
    }

    /** Echoes count requests from each of two dealers, checking their routing ids and order. */
    private int router(ZContext ctx) {
        ZMQ.Socket s = open(ctx, SocketType.ROUTER);
        int[] next = new int[2];
        byte[][] ids = new byte[2][];
        for (int k = 0; k < 2 * count; k++) {
            ZmqMessage m = recv(s);
            int d = m.size() < 2 ? -1 : List.of(EXPLICIT_NAME, ANONYMOUS_NAME).indexOf(m.frameString(1));
            if (d < 0) {
                fail("request " + k + ": unexpected " + m);
            }
            byte[] id = m.frame(0);
            if (d == 0 && !Arrays.equals(id, ascii(EXPLICIT_ROUTING_ID))) {
                fail("the explicit dealer arrived with routing id " + ZmqMessage.wrap(id) + ", not " + EXPLICIT_ROUTING_ID);
            }
            if (d == 1 && (id.length == 0 || Arrays.equals(id, ascii(EXPLICIT_ROUTING_ID)))) {
                fail("the anonymous dealer got routing id " + ZmqMessage.wrap(id));
            }
            if (ids[d] == null) {
                ids[d] = id;
            } else if (!Arrays.equals(ids[d], id)) {
                fail("a dealer changed routing id from " + ZmqMessage.wrap(ids[d]) + " to " + ZmqMessage.wrap(id));
            }
            String nm = m.frameString(1);
            expect(nm + " request " + next[d], m.dropFirst(1), message(nm, next[d], count, "m"));
            next[d]++;
            send(s, m, "reply to " + nm);
        }
        return 2 * count;
    }

    /**
     * Two CLIENTs, each sending count single-frame requests in turn and expecting each echoed
     * back (with the SERVER's "echo " prefix): a reply that went to the wrong client fails.
     */
    private int clients(ZContext ctx) {
        List<ZMQ.Socket> sockets = new ArrayList<>();
        for (String name : DraftMessages.CLIENTS) {
            ZMQ.Socket s = socket(ctx, SocketType.CLIENT);
            attach(s);
            sockets.add(s);
        }
        int received = 0;
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < sockets.size(); c++) {
                sendSingle(sockets.get(c), DraftMessages.payload(DraftMessages.CLIENTS.get(c), i), 0, "request " + i);
            }
            for (int c = 0; c < sockets.size(); c++) {
                DraftMessages.expect(DraftMessages.CLIENTS.get(c) + " reply " + i, recvSingle(sockets.get(c)),
                        DraftMessages.echo(DraftMessages.payload(DraftMessages.CLIENTS.get(c), i)));
                received++;
            }
        }
        return received;
    }

    /**
     * A SERVER echoing count requests from each of two clients to the routing id each came with,
     * checking that each client keeps one nonzero id and the two differ.
     */
    private int server(ZContext ctx) {
        ZMQ.Socket s = open(ctx, SocketType.SERVER);
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int k = 0; k < DraftMessages.CLIENTS.size() * count; k++) {
            zmq.Msg m = s.recvMsg(0);
            if (m == null) {
                fail("JeroMQ SERVER timed out waiting for request " + k + " (errno " + s.errno() + ")");
            }
            String payload = new String(m.data(), java.nio.charset.StandardCharsets.UTF_8);
            DraftMessages.checkRoutingId(ids, payload, m.getRoutingId());
            sendSingle(s, DraftMessages.echo(payload), m.getRoutingId(), "the reply to " + payload);
        }
        if (ids.size() != DraftMessages.CLIENTS.size() || ids.values().stream().distinct().count() != ids.size()) {
            fail("the clients' routing ids are not one each: " + ids);
        }
        return DraftMessages.CLIENTS.size() * count;
    }

    /**
     * A PEER. Binding: echoes count messages to the routing id they came with, which must stay the
     * same. Connecting: learns the peer's routing id from connectPeer, sends count messages to it
     * and checks each echo comes with that id.
     */
    private int peer(ZContext ctx) {
        ZMQ.Socket s = socket(ctx, SocketType.PEER);
        if (bind) {
            attach(s);
            java.util.Map<String, Integer> ids = new java.util.HashMap<>();
            for (int i = 0; i < count; i++) {
                zmq.Msg m = s.recvMsg(0);
                if (m == null) {
                    fail("JeroMQ PEER timed out waiting for message " + i + " (errno " + s.errno() + ")");
                }
                String payload = new String(m.data(), java.nio.charset.StandardCharsets.UTF_8);
                DraftMessages.expect("message " + i, payload, DraftMessages.payload("peer", i));
                DraftMessages.checkRoutingId(ids, payload, m.getRoutingId());
                sendSingle(s, DraftMessages.echo(payload), m.getRoutingId(), "the reply to " + payload);
            }
            return count;
        }
        int id = s.connectPeer(endpoint);
        if (id == 0) {
            fail("JeroMQ connectPeer gave no routing id (errno " + s.errno() + ")");
        }
        reports.add("READY " + endpoint);
        for (int i = 0; i < count; i++) {
            sendSingle(s, DraftMessages.payload("peer", i), id, "message " + i);
            zmq.Msg m = s.recvMsg(0);
            if (m == null) {
                fail("JeroMQ PEER timed out waiting for reply " + i + " (errno " + s.errno() + ")");
            }
            if (m.getRoutingId() != id) {
                fail("reply " + i + " came with routing id " + Integer.toUnsignedString(m.getRoutingId())
                        + ", not the " + Integer.toUnsignedString(id) + " connectPeer gave");
            }
            DraftMessages.expect("reply " + i, new String(m.data(), java.nio.charset.StandardCharsets.UTF_8),
                    DraftMessages.echo(DraftMessages.payload("peer", i)));
        }
        return count;
    }

    /** Sends one single-frame message, with a routing id when not 0 (SERVER, PEER). */
    private static void sendSingle(ZMQ.Socket s, String payload, int routingId, String what) {
        zmq.Msg m = new zmq.Msg(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (routingId != 0) {
            m.setRoutingId(routingId);
        }
        if (!s.sendMsg(m)) {
            fail("JeroMQ could not send " + what + " (errno " + s.errno() + ")");
        }
    }

    /** Receives one single-frame message's text; fails when the receive timeout expires. */
    private static String recvSingle(ZMQ.Socket s) {
        zmq.Msg m = s.recvMsg(0);
        if (m == null) {
            fail("JeroMQ timed out receiving (errno " + s.errno() + ")");
        }
        return new String(m.data(), java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- JeroMQ plumbing -----------------------------------------------------------------------

    private ZMQ.Socket socket(ZContext ctx, SocketType type) {
        ZMQ.Socket s = ctx.createSocket(type);
        // A connecting JeroMQ 0.6.0 engine is now and then never served by its poller (it never
        // writes, never sees the connection close); it recovers only by its handshake timer,
        // which a short interval brings within the tests' patience. JeroMQ cancels that timer once
        // it has read the whole 64-byte greeting, so a server must send its greeting in steps (see
        // GreetingStagesOverTcpTest) for this to work.
        s.setHandshakeIvl(2000);
        s.setLinger(TIMEOUT_MS);
        s.setReceiveTimeOut(TIMEOUT_MS);
        s.setSendTimeOut(TIMEOUT_MS);
        monitor(ctx, s, type);
        return s;
    }

    /**
     * Records {@code s}'s monitor events (connect, retries, handshake, disconnect) from a thread of
     * their own, which reads them from a PAIR socket that only it uses.
     */
    private void monitor(ZContext ctx, ZMQ.Socket s, SocketType type) {
        String address = "inproc://jeromq-monitor-" + System.identityHashCode(this) + "-" + monitors.size();
        s.monitor(address, ZMQ.EVENT_ALL);
        ZMQ.Socket events = ctx.createSocket(SocketType.PAIR);
        events.setReceiveTimeOut(100);
        events.connect(address);
        Thread t = new Thread(() -> {
            try {
                while (!stopMonitors) {
                    ZMQ.Event e = ZMQ.Event.recv(events);
                    if (e != null) {
                        monitorEvents.add(System.currentTimeMillis() % 100_000 + " " + type + " " + ZMonitor.Event.findByCode(e.getEvent())
                                + " " + e.getAddress() + " " + e.getValue());
                    }
                }
            } catch (RuntimeException e) {
                monitorEvents.add(System.currentTimeMillis() % 100_000 + " " + type + " monitor ended: " + e);
            }
        }, "jeromq-monitor-" + mode);
        t.setDaemon(true);
        monitors.add(t);
        t.start();
    }

    private void attach(ZMQ.Socket s) {
        if (bind) {
            s.bind(endpoint);
            reports.add("READY " + s.getLastEndpoint());
        } else {
            for (String e : endpoint.split(",")) {
                s.connect(e);
            }
            reports.add("READY " + endpoint);
        }
    }

    private ZMQ.Socket open(ZContext ctx, SocketType type) {
        ZMQ.Socket s = socket(ctx, type);
        attach(s);
        return s;
    }

    private void awaitOrder(String word) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            String order = orders.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (word.equals(order)) {
                return;
            }
            if (order == null) {
                fail("no " + word + " from the test within " + STEP.toSeconds() + " s");
            }
        }
    }

    /** Sends every frame of {@code m}; fails when the send timeout expires. */
    static void send(ZMQ.Socket s, ZmqMessage m, String what) {
        for (int i = 0; i < m.size(); i++) {
            boolean more = i < m.size() - 1;
            if (!s.send(m.frame(i), more ? ZMQ.SNDMORE : 0)) {
                fail("JeroMQ could not send " + what + " (" + "errno " + s.errno() + ")");
            }
        }
    }

    /** Receives a whole message; fails when the receive timeout expires. */
    static ZmqMessage recv(ZMQ.Socket s) {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] f = s.recv(0);
            if (f == null) {
                if (frames.isEmpty()) {
                    fail("JeroMQ timed out receiving (" + "errno " + s.errno() + ")");
                }
                fail("JeroMQ lost the rest of a multipart message after " + frames.size() + " frames");
            }
            frames.add(f);
        } while (s.hasReceiveMore());
        return ZmqMessage.wrap(frames.toArray(new byte[0][]));
    }
}
