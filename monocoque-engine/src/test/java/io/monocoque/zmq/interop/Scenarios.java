package io.monocoque.zmq.interop;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
import static io.monocoque.zmq.interop.InteropMessages.subscribedCount;
import static io.monocoque.zmq.interop.InteropMessages.subscription;
import static io.monocoque.zmq.interop.InteropMessages.topicOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Monocoque side of every interop pattern, written once and played against any
 * {@link InteropPeer.Launcher} (libzmq through python, or JeroMQ) over any transport: each
 * method opens one Monocoque socket (two for the dealers), has the peer bind or connect
 * opposite it, moves a few thousand multipart messages and checks their content and order on the
 * Monocoque side, while the peer checks its own side.
 *
 * <p>Sockets are made from the test's context (which the test closes); peers from the test's
 * launcher (which the test closes too), so a failure half-way leaves nothing behind.
 */
final class Scenarios {

    /** Messages per test (requests, pushes, pair messages in each direction). */
    static final int COUNT = 2000;
    /** Messages published per pub/sub test, of which three fifths are subscribed. */
    static final int PUBLISH_COUNT = 3000;
    /** Requests per dealer in the dealer/router tests (two dealers). */
    static final int DEALER_COUNT = 1000;

    private static final Duration STEP = InteropPeer.STEP;

    /** Whether the Monocoque socket binds (and the peer connects) or connects (and the peer binds). */
    enum Side {
        BINDS, CONNECTS;

        @Override
        public String toString() {
            return this == BINDS ? "binds, the peer connects" : "connects, the peer binds";
        }
    }

    private final ZmqContext ctx;
    private final InteropPeer.Launcher launcher;
    private final Supplier<String> bindEndpoints;
    /** Every Monocoque socket's monitor events, stamped like the JeroMQ peer's (ms of the wall clock). */
    private final List<String> events = new CopyOnWriteArrayList<>();
    /** The peers this scenario started, described when it fails. */
    private final List<InteropPeer> peers = new CopyOnWriteArrayList<>();

    /**
     * @param ctx           where the Monocoque sockets are made
     * @param launcher      starts the peers
     * @param bindEndpoints a fresh endpoint for each bind: {@code tcp://127.0.0.1:*}, or a new
     *                      ipc path in a temporary directory
     */
    Scenarios(ZmqContext ctx, InteropPeer.Launcher launcher, Supplier<String> bindEndpoints) {
        this.ctx = ctx;
        this.launcher = launcher;
        this.bindEndpoints = bindEndpoints;
    }

    /** A Monocoque socket and the peer it talks to. */
    record Link(ZmqSocket socket, InteropPeer peer) {
    }

    /** A Monocoque socket that gives up on unsent messages after a while, so that a failed test ends. */
    ZmqSocket socket(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ofSeconds(2));
        // A peer that connects but never sends its greeting (a JeroMQ 0.6.0 engine its poller lost,
        // see JeroMqPeer) is dropped after 3 s instead of 30, so that the connection does not linger.
        s.setOption(SocketOption.HANDSHAKE_INTERVAL, Duration.ofSeconds(3));
        String name = s.toString();
        s.monitor(e -> events.add(System.currentTimeMillis() % 100_000 + " " + name + " " + e));
        return s;
    }

    private InteropPeer start(String mode, boolean bind, String endpoint, int count) {
        InteropPeer peer = launcher.start(mode, bind, endpoint, count);
        peers.add(peer);
        return peer;
    }

    /**
     * Runs a scenario; when it fails, the failure also tells what each side saw: the Monocoque
     * sockets' monitor events and each peer's own account ({@link InteropPeer#describe()}), so
     * that it says which side stalled (a connection that never completed its handshake, a
     * peer that never connected, one that dropped).
     */
    private void diagnosed(Runnable scenario) {
        try {
            scenario.run();
        } catch (AssertionError e) {
            StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()))
                    .append("\n  at ").append(System.currentTimeMillis() % 100_000).append(", monitor events of the Monocoque side:");
            if (events.isEmpty()) {
                b.append(" (none)");
            }
            events.forEach(line -> b.append("\n    ").append(line));
            for (InteropPeer p : peers) {
                b.append("\n  ").append(p.describe());
            }
            AssertionError diagnosed = new AssertionError(b.toString(), e.getCause());
            diagnosed.setStackTrace(e.getStackTrace());
            throw diagnosed;
        }
    }

    /** Opens a Monocoque socket of {@code type} and a peer in {@code peerMode} opposite it. */
    Link link(SocketType type, Side side, String peerMode, int count, Consumer<ZmqSocket> configure) {
        ZmqSocket s = socket(type);
        configure.accept(s);
        if (side == Side.BINDS) {
            s.bind(bindEndpoints.get());
            InteropPeer peer = start(peerMode, false, s.lastEndpoint(), count);
            peer.awaitReady();
            return new Link(s, peer);
        }
        InteropPeer peer = start(peerMode, true, bindEndpoints.get(), count);
        s.connect(peer.awaitReady());
        return new Link(s, peer);
    }

    // ---- PUSH / PULL -------------------------------------------------------------------------------

    /** A Monocoque PUSH sends {@link #COUNT} messages; the peer's PULL checks them. */
    void monocoquePushes(Side side) {
        diagnosed(() -> {
            Link l = link(SocketType.PUSH, side, "pull", COUNT, s -> { });
            for (int i = 0; i < COUNT; i++) {
                send(l.socket(), message(i, COUNT, "m"), "message " + i);
            }
            assertThat(l.peer().awaitFinished()).as("messages the peer PULL verified").isEqualTo(COUNT);
        });
    }

    /** The peer's PUSH sends {@link #COUNT} messages; a Monocoque PULL checks them. */
    void monocoquePulls(Side side) {
        diagnosed(() -> {
            Link l = link(SocketType.PULL, side, "push", COUNT, s -> { });
            for (int i = 0; i < COUNT; i++) {
                expect("message " + i, l.socket().receive(STEP), message(i, COUNT, "m"));
            }
            assertThat(l.peer().awaitFinished()).isEqualTo(COUNT);
        });
    }

    // ---- PUB / SUB ---------------------------------------------------------------------------------

    /** A Monocoque PUB publishes on five topics; the peer's SUB checks it gets only its two, in order. */
    void monocoquePublishes(Side side) {
        diagnosed(() -> {
            Link l = link(SocketType.PUB, side, "sub", PUBLISH_COUNT,
                    s -> s.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0));
            publishTo(l.socket(), l.peer(), PUBLISH_COUNT);
        });
    }

    /**
     * Publishes warm-ups until {@code sub} reports one arrived (so its subscriptions are in
     * place: no slow-joiner losses), then {@code count} messages and the end sentinel; checks the
     * subscriber verified every subscribed message and the PUB dropped none.
     */
    static void publishTo(ZmqSocket pub, InteropPeer sub, int count) {
        long deadline = System.nanoTime() + STEP.toNanos();
        int warmups = 0;
        do {
            send(pub, WARMUP, "a warm-up");
            warmups++;
            if (System.nanoTime() - deadline > 0) {
                fail("the subscriber received none of " + warmups + " warm-ups in " + STEP.toSeconds() + " s");
            }
        } while (!sub.pollReport("WARMED", Duration.ofMillis(10)));
        for (int i = 0; i < count; i++) {
            send(pub, published(i, count), "message " + i);
        }
        send(pub, SENTINEL, "the end sentinel");
        assertThat(sub.awaitFinished()).as("messages the subscriber verified").isEqualTo(subscribedCount(count));
        assertThat(pub.droppedMessages()).as("messages the PUB dropped").isZero();
    }

    /** The peer's PUB publishes on five topics; a Monocoque SUB checks it gets only its two, in order. */
    void monocoqueSubscribes(Side side) {
        diagnosed(() -> {
            Link l = link(SocketType.SUB, side, "pub", PUBLISH_COUNT, s -> {
                s.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0);
                SUBSCRIBED.forEach(s::subscribe);
            });
            ZmqSocket sub = l.socket();
            expect("the first message (a warm-up)", sub.receive(STEP), WARMUP);
            l.peer().tell("GO");
            receivePublished(sub, true);
            assertThat(l.peer().awaitFinished()).isEqualTo(PUBLISH_COUNT);
        });
    }

    private static void receivePublished(ZmqSocket s, boolean skipWarmups) {
        for (int i = 0; i < PUBLISH_COUNT; i++) {
            if (!isSubscribed(topicOf(i))) {
                continue;
            }
            ZmqMessage m;
            do {
                m = s.receive(STEP);
            } while (skipWarmups && WARMUP.equals(m));
            expect("published message " + i + " (topic " + topicOf(i) + ")", m, published(i, PUBLISH_COUNT));
        }
        expect("the end sentinel", s.receive(STEP), SENTINEL);
    }

    // ---- REQ / REP ---------------------------------------------------------------------------------

    /** A Monocoque REQ sends {@link #COUNT} requests; the peer's REP checks and echoes each. */
    void monocoqueRequests(Side side) {
        diagnosed(() -> {
            Link l = link(SocketType.REQ, side, "rep", COUNT, s -> { });
            for (int i = 0; i < COUNT; i++) {
                ZmqMessage request = message(i, COUNT, "m");
                send(l.socket(), request, "request " + i);
                expect("reply " + i, l.socket().receive(STEP), request);
            }
            assertThat(l.peer().awaitFinished()).isEqualTo(COUNT);
        });
    }

    /** The peer's REQ sends {@link #COUNT} requests; a Monocoque REP checks and echoes each. */
    void monocoqueReplies(Side side) {
        diagnosed(() -> {
            Link l = link(SocketType.REP, side, "req", COUNT, s -> { });
            for (int i = 0; i < COUNT; i++) {
                ZmqMessage request = l.socket().receive(STEP);
                expect("request " + i, request, message(i, COUNT, "m"));
                send(l.socket(), request, "reply " + i);
            }
            assertThat(l.peer().awaitFinished()).isEqualTo(COUNT);
        });
    }

    // ---- DEALER / ROUTER ---------------------------------------------------------------------------

    /**
     * Two Monocoque DEALERs, one with the routing id {@value InteropMessages#EXPLICIT_ROUTING_ID},
     * each send {@link #DEALER_COUNT} requests to the peer's ROUTER, which checks the routing ids
     * and echoes; each dealer checks it gets exactly its own replies, in order.
     */
    void monocoqueDealers(Side side) {
        diagnosed(() -> {
            ZmqSocket explicit = socket(SocketType.DEALER);
            explicit.setOption(SocketOption.ROUTING_ID, ascii(EXPLICIT_ROUTING_ID));
            ZmqSocket anonymous = socket(SocketType.DEALER);
            InteropPeer router;
            if (side == Side.BINDS) {
                explicit.bind(bindEndpoints.get());
                anonymous.bind(bindEndpoints.get());
                router = start("router", false, explicit.lastEndpoint() + "," + anonymous.lastEndpoint(), DEALER_COUNT);
                router.awaitReady();
            } else {
                router = start("router", true, bindEndpoints.get(), DEALER_COUNT);
                String endpoint = router.awaitReady();
                explicit.connect(endpoint);
                anonymous.connect(endpoint);
            }
            List<ZmqSocket> dealers = List.of(explicit, anonymous);
            List<String> names = List.of(EXPLICIT_NAME, ANONYMOUS_NAME);
            for (int i = 0; i < DEALER_COUNT + WINDOW; i++) {
                for (int d = 0; d < 2; d++) {
                    String name = names.get(d);
                    if (i < DEALER_COUNT) {
                        send(dealers.get(d), message(name, i, DEALER_COUNT, "m"), name + " request " + i);
                    }
                    int j = i - WINDOW;
                    if (j >= 0) {
                        expect(name + " dealer's reply " + j, dealers.get(d).receive(STEP), message(name, j, DEALER_COUNT, "m"));
                    }
                }
            }
            assertThat(router.awaitFinished()).as("requests the peer ROUTER verified").isEqualTo(2 * DEALER_COUNT);
        });
    }

    /**
     * The peer runs two DEALERs (one with the routing id {@value InteropMessages#EXPLICIT_ROUTING_ID}),
     * each sending {@link #DEALER_COUNT} requests; a Monocoque ROUTER checks each request's
     * routing id (the explicit one, or a generated 5-byte id starting with a zero byte) and order,
     * and echoes it; the dealers check they get exactly their own replies.
     */
    void monocoqueRoutes(Side side) {
        diagnosed(() -> {
            ZmqSocket router = socket(SocketType.ROUTER);
            router.setOption(SocketOption.ROUTER_MANDATORY, true);
            InteropPeer dealers;
            if (side == Side.BINDS) {
                router.bind(bindEndpoints.get());
                dealers = start("dealer", false, router.lastEndpoint(), DEALER_COUNT);
                dealers.awaitReady();
            } else {
                dealers = start("dealer", true, bindEndpoints.get(), DEALER_COUNT);
                String first = dealers.awaitReady();
                String second = dealers.awaitReady();
                router.connect(first);
                router.connect(second);
            }
            List<String> names = List.of(EXPLICIT_NAME, ANONYMOUS_NAME);
            int[] next = new int[2];
            byte[][] ids = new byte[2][];
            for (int k = 0; k < 2 * DEALER_COUNT; k++) {
                ZmqMessage m = router.receive(STEP);
                if (m == null) {
                    fail("timed out waiting for request " + k + " (explicit dealer at " + next[0]
                            + ", anonymous at " + next[1] + ")");
                }
                int d = m.size() < 2 ? -1 : names.indexOf(m.frameString(1));
                if (d < 0) {
                    fail("request " + k + ": unexpected " + m);
                }
                byte[] id = m.frame(0);
                if (d == 0) {
                    assertThat(id).as("routing id of the explicit dealer").isEqualTo(ascii(EXPLICIT_ROUTING_ID));
                } else {
                    assertThat(id.length == 5 && id[0] == 0)
                            .as("the anonymous dealer's generated routing id %s is 5 bytes starting with 0", ZmqMessage.wrap(id))
                            .isTrue();
                }
                if (ids[d] == null) {
                    ids[d] = id;
                } else if (!Arrays.equals(ids[d], id)) {
                    fail("the " + names.get(d) + " dealer's routing id changed from " + ZmqMessage.wrap(ids[d]) + " to " + ZmqMessage.wrap(id));
                }
                expect(names.get(d) + " request " + next[d], m.dropFirst(1), message(names.get(d), next[d], DEALER_COUNT, "m"));
                next[d]++;
                send(router, m, "the reply to " + names.get(d) + " request " + (next[d] - 1));
            }
            assertThat(dealers.awaitFinished()).as("replies the peer's dealers verified").isEqualTo(2 * DEALER_COUNT);
        });
    }

    // ---- PAIR --------------------------------------------------------------------------------------

    /** A Monocoque PAIR sends {@link #COUNT} messages, the peer's PAIR checks them and sends as many back. */
    void monocoquePairs(Side side) {
        diagnosed(() -> {
            Link l = link(SocketType.PAIR, side, "pair", COUNT, s -> { });
            for (int i = 0; i < COUNT; i++) {
                send(l.socket(), message(i, COUNT, "m"), "message " + i);
            }
            for (int i = 0; i < COUNT; i++) {
                expect("message " + i + " back", l.socket().receive(STEP), message(i, COUNT, "back"));
            }
            assertThat(l.peer().awaitFinished()).isEqualTo(2 * COUNT);
        });
    }

    // ---- XPUB / XSUB -------------------------------------------------------------------------------

    /**
     * The peer's XSUB sends subscriptions as messages; a Monocoque XPUB receives each as
     * {@code \x01topic}, publishes on five topics (the peer checks it gets only its two: a libzmq
     * XSUB does not filter, so the filtering is Monocoque's), then receives the unsubscription.
     */
    void monocoqueXpub(Side side) {
        diagnosed(() -> {
            Link l = link(SocketType.XPUB, side, "xsub", PUBLISH_COUNT,
                    s -> s.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0));
            ZmqSocket xpub = l.socket();
            for (String t : SUBSCRIBED) {
                expect("the subscription to " + t, xpub.receive(STEP), subscription(1, t));
            }
            for (int i = 0; i < PUBLISH_COUNT; i++) {
                send(xpub, published(i, PUBLISH_COUNT), "message " + i);
            }
            send(xpub, SENTINEL, "the end sentinel");
            expect("the unsubscription from " + SUBSCRIBED.get(0), xpub.receive(STEP), subscription(0, SUBSCRIBED.get(0)));
            assertThat(l.peer().awaitFinished()).isEqualTo(subscribedCount(PUBLISH_COUNT));
            assertThat(xpub.droppedMessages()).as("messages the XPUB dropped").isZero();
        });
    }

    /**
     * A Monocoque XSUB sends subscriptions as messages; the peer's XPUB checks it receives each
     * as {@code \x01topic} and publishes on five topics; the XSUB checks it gets only its two,
     * in order, and unsubscribes, which the XPUB checks too.
     */
    void monocoqueXsub(Side side) {
        diagnosed(() -> {
            Link l = link(SocketType.XSUB, side, "xpub", PUBLISH_COUNT,
                    s -> s.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0));
            ZmqSocket xsub = l.socket();
            for (String t : SUBSCRIBED) {
                send(xsub, subscription(1, t), "the subscription to " + t);
            }
            receivePublished(xsub, false);
            send(xsub, subscription(0, SUBSCRIBED.get(0)), "the unsubscription");
            assertThat(l.peer().awaitFinished()).isEqualTo(PUBLISH_COUNT);
        });
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    static void send(ZmqSocket s, ZmqMessage m, String what) {
        assertThat(s.send(m, STEP)).as("%s sent %s within %s s", s, what, STEP.toSeconds()).isTrue();
    }
}
