package io.monocoque.zmq.interop;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The publish/subscribe options where libzmq's behaviour is the specification, against libzmq
 * 4.3 itself (pyzmq): conflate with multipart messages, xpub-manual with a welcome message,
 * inverted matching across implementations, and a lossless publisher.
 */
@Timeout(120)
class LibzmqPubSubOptionsTest {

    private static final Duration STEP = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(20);

    private ZmqContext ctx;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        ctx.close();
    }

    private ZmqSocket socket(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        open.add(s);
        return s;
    }

    private LibzmqSocket libzmq(String type) {
        LibzmqSocket s = new LibzmqSocket(type);
        open.add(s);
        return s;
    }

    /** Repeats {@code probe} until {@code arrived}, for connections and subscriptions to settle. */
    private static void until(String what, Runnable probe, BooleanSupplier arrived) {
        long deadline = System.nanoTime() + STEP.toNanos();
        do {
            if (System.nanoTime() > deadline) {
                fail("%s did not happen within %s", what, STEP);
            }
            probe.run();
        } while (!arrived.getAsBoolean());
    }

    private static List<String> text(ZmqMessage m) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            l.add(m.frameString(i));
        }
        return l;
    }

    private static ZmqMessage receive(ZmqSocket s) {
        ZmqMessage m = s.receive(STEP);
        assertThat(m).as("%s received nothing within %s", s, STEP).isNotNull();
        return m;
    }

    // ---- conflate ------------------------------------------------------------------------------

    @Test
    void aConflatingSubscriberKeepsTheLastFrameOfLibzmqsMultipartMessagesAsLibzmqDoes() {
        // libzmq itself first: what a libzmq SUB with conflate makes of the same two messages.
        LibzmqSocket libPub = libzmq("PUB");
        String endpoint = libPub.bind("tcp://127.0.0.1:*");
        LibzmqSocket libSub = libzmq("SUB");
        libSub.option("CONFLATE", 1).option("SUBSCRIBE", new byte[0]);
        libSub.connect(endpoint);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.CONFLATE, true);
        sub.subscribe("");
        sub.connect(endpoint);
        until("libzmq's PUB reaching both subscribers", () -> libPub.send("warm-up"),
                () -> sub.receive(POLL) != null);
        until("libzmq's PUB reaching its own SUB", () -> libPub.send("warm-up"),
                () -> libSub.receive(POLL) != null);
        libPub.send("end-of-warm-up");
        drainUntil(sub, "end-of-warm-up");
        while (!libSub.receiveText(STEP).equals(List.of("end-of-warm-up"))) {
            // warm-ups still in flight
        }

        libPub.send("a1", "a2");
        libPub.send("a3", "b4", "c5");
        List<List<String>> monocoque = drainUntil(sub, "c5");
        List<List<String>> reference = new ArrayList<>();
        do {
            reference.add(libSub.receiveText(STEP));
        } while (!reference.get(reference.size() - 1).equals(List.of("c5")));
        // Each message kept is a single frame: the last one of what was sent.
        for (List<List<String>> seen : List.of(reference, monocoque)) {
            assertThat(seen).allSatisfy(m -> assertThat(m).hasSize(1));
            assertThat(seen).allSatisfy(m -> assertThat(m.get(0)).isIn("a2", "c5"));
        }
    }

    /** Receives until a single-frame message {@code last} arrives; returns everything received. */
    private static List<List<String>> drainUntil(ZmqSocket s, String last) {
        List<List<String>> seen = new ArrayList<>();
        do {
            seen.add(text(receive(s)));
        } while (!seen.get(seen.size() - 1).equals(List.of(last)));
        return seen;
    }

    @Test
    void aConflatingPublisherSendsLibzmqTheLastFrameOfAMultipartMessage() {
        ZmqSocket pub = socket(SocketType.PUB);
        pub.setOption(SocketOption.CONFLATE, true);
        pub.bind("tcp://127.0.0.1:*");
        LibzmqSocket libSub = libzmq("SUB");
        libSub.option("SUBSCRIBE", new byte[0]);
        libSub.connect(pub.lastEndpoint());
        until("the PUB reaching libzmq", () -> pub.send(ZmqMessage.of("warm-up")), () -> libSub.receive(POLL) != null);
        pub.send(ZmqMessage.of("end-of-warm-up"));
        while (!libSub.receiveText(STEP).equals(List.of("end-of-warm-up"))) {
            // warm-ups still in flight
        }
        pub.send(ZmqMessage.of("m1", "m2"));
        assertThat(libSub.receiveText(STEP)).containsExactly("m2");
        assertThat(libSub.receive(Duration.ofMillis(250))).isNull();
    }

    @Test
    void aConflatingSubscriberKeepsEverySubscriptionToALibzmqPublisher() {
        LibzmqSocket libPub = libzmq("PUB");
        String endpoint = libPub.bind("tcp://127.0.0.1:*");
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.CONFLATE, true);
        for (String topic : List.of("A", "B", "C")) {
            sub.subscribe(topic);
        }
        sub.connect(endpoint);
        // A libzmq 4.3 SUB with conflate loses A and B here: its subscriptions share the conflated pipe.
        for (String topic : List.of("A", "B", "C")) {
            until("libzmq delivering topic " + topic, () -> libPub.send(topic + "-probe"),
                    () -> {
                        ZmqMessage m = sub.receive(POLL);
                        return m != null && m.frameString(0).startsWith(topic);
                    });
        }
    }

    // ---- xpub-manual and the welcome message ---------------------------------------------------

    @Test
    void aManualXpubWelcomesALibzmqSubscriberAndAppliesOnlyWhatTheApplicationSubscribes() {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_MANUAL, true);
        xpub.setOption(SocketOption.XPUB_WELCOME_MSG, "W-welcome".getBytes(StandardCharsets.UTF_8));
        xpub.bind("tcp://127.0.0.1:*");
        LibzmqSocket libSub = libzmq("SUB");
        libSub.option("SUBSCRIBE", "W".getBytes(StandardCharsets.UTF_8));
        libSub.option("SUBSCRIBE", "A".getBytes(StandardCharsets.UTF_8));
        libSub.connect(xpub.lastEndpoint());

        assertThat(libSub.receiveText(STEP)).containsExactly("W-welcome");
        assertThat(List.of(text(receive(xpub)), text(receive(xpub))))
                .containsExactlyInAnyOrder(List.of("\u0001W"), List.of("\u0001A"));
        xpub.send(ZmqMessage.of("A-not-yet"));
        xpub.subscribe("A");
        xpub.send(ZmqMessage.of("A-applied"));
        assertThat(libSub.receiveText(STEP)).containsExactly("A-applied");
    }

    @Test
    void libzmqsManualXpubWelcomesAMonocoqueSubscriberTheSameWay() {
        LibzmqSocket libXpub = libzmq("XPUB");
        libXpub.option("XPUB_MANUAL", 1).option("XPUB_WELCOME_MSG", "W-welcome".getBytes(StandardCharsets.UTF_8));
        String endpoint = libXpub.bind("tcp://127.0.0.1:*");
        ZmqSocket sub = socket(SocketType.SUB);
        sub.subscribe("W");
        sub.subscribe("A");
        sub.connect(endpoint);

        // libzmq attaches a new peer (and sends it the welcome) when its application thread next
        // calls into libzmq: here, when it receives the peer's subscriptions.
        assertThat(List.of(libXpub.receiveText(STEP), libXpub.receiveText(STEP)))
                .containsExactlyInAnyOrder(List.of("\u0001W"), List.of("\u0001A"));
        assertThat(text(receive(sub))).containsExactly("W-welcome");
        libXpub.send("A-not-yet");
        libXpub.option("SUBSCRIBE", "A".getBytes(StandardCharsets.UTF_8));
        libXpub.send("A-applied");
        assertThat(text(receive(sub))).containsExactly("A-applied");
    }

    // ---- invert-matching -----------------------------------------------------------------------

    @Test
    void anInvertingSubscriberWorksWithAnInvertingLibzmqPublisher() {
        LibzmqSocket libPub = libzmq("XPUB");
        libPub.option("INVERT_MATCHING", 1);
        String endpoint = libPub.bind("tcp://127.0.0.1:*");
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.INVERT_MATCHING, true);
        sub.subscribe("A");
        sub.connect(endpoint);
        assertThat(libPub.receive(STEP).get(0)).containsExactly(1, 'A');
        libPub.send("A1");
        libPub.send("B1");
        assertThat(text(receive(sub))).containsExactly("B1");
        assertThat(sub.receive(Duration.ofMillis(250))).isNull();
    }

    @Test
    void anInvertingPublisherWorksWithAnInvertingLibzmqSubscriber() {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.INVERT_MATCHING, true);
        xpub.bind("tcp://127.0.0.1:*");
        LibzmqSocket libSub = libzmq("SUB");
        libSub.option("INVERT_MATCHING", 1).option("SUBSCRIBE", "A".getBytes(StandardCharsets.UTF_8));
        libSub.connect(xpub.lastEndpoint());
        assertThat(receive(xpub).frame(0)).containsExactly(1, 'A');
        xpub.send(ZmqMessage.of("A1"));
        xpub.send(ZmqMessage.of("B1"));
        assertThat(libSub.receiveText(STEP)).containsExactly("B1");
        assertThat(libSub.receive(Duration.ofMillis(250))).isNull();
    }

    // ---- only-first-subscribe -----------------------------------------------------------------

    @Test
    void onlyFirstSubscribeReadsAMultipartSubscriptionAsLibzmqDoes() {
        // libzmq's XPUB, fed by a Monocoque XSUB...
        LibzmqSocket libXpub = libzmq("XPUB");
        libXpub.option("ONLY_FIRST_SUBSCRIBE", 1).option("XPUB_VERBOSE", 1);
        String endpoint = libXpub.bind("tcp://127.0.0.1:*");
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.setOption(SocketOption.ONLY_FIRST_SUBSCRIBE, true);
        xsub.connect(endpoint);
        xsub.send(ZmqMessage.wrap(new byte[] {1, '~'}));
        assertThat(libXpub.receive(STEP).get(0)).containsExactly(1, '~');
        ZmqMessage multipart = ZmqMessage.of(new byte[] {1, 'A'}, new byte[] {1, 'B'}, "meta".getBytes(StandardCharsets.UTF_8));
        xsub.send(multipart);
        List<List<String>> reference = List.of(libXpub.receiveText(STEP), libXpub.receiveText(STEP), libXpub.receiveText(STEP));

        // ...and Monocoque's XPUB, fed by a libzmq XSUB, see the same three messages.
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.ONLY_FIRST_SUBSCRIBE, true);
        xpub.bind("tcp://127.0.0.1:*");
        LibzmqSocket libXsub = libzmq("XSUB");
        libXsub.option("ONLY_FIRST_SUBSCRIBE", 1);
        libXsub.connect(xpub.lastEndpoint());
        until("libzmq's XSUB reaching the XPUB", () -> libXsub.send(new byte[] {1, '~'}), () -> xpub.receive(POLL) != null);
        assertThat(libXsub.send(new byte[] {1, 'A'}, new byte[] {1, 'B'}, "meta".getBytes(StandardCharsets.UTF_8))).isTrue();
        List<List<String>> monocoque = new ArrayList<>();
        while (monocoque.size() < 3) {
            List<String> m = text(receive(xpub));
            if (!m.equals(List.of("\u0001~"))) {
                monocoque.add(m);
            }
        }
        assertThat(reference).containsExactly(List.of("\u0001A"), List.of("\u0001B"), List.of("meta"));
        assertThat(monocoque).isEqualTo(reference);

        // Both ends applied B: a message on it reaches the subscriber.
        xpub.send(ZmqMessage.of("B1"));
        assertThat(libXsub.receiveText(STEP)).containsExactly("B1");
        libXpub.send("B2");
        assertThat(text(receive(xsub))).containsExactly("B2");
    }

    // ---- xpub-nodrop ---------------------------------------------------------------------------

    @Test
    void aNodropPublisherLosesNothingToASlowLibzmqSubscriber() {
        ZmqSocket pub = socket(SocketType.PUB);
        pub.setOption(SocketOption.XPUB_NODROP, true);
        pub.setOption(SocketOption.SEND_HIGH_WATER_MARK, 10);
        pub.bind("tcp://127.0.0.1:*");
        LibzmqSocket libSub = libzmq("SUB");
        libSub.option("RCVHWM", 10).option("SUBSCRIBE", new byte[0]);
        libSub.connect(pub.lastEndpoint());
        until("the PUB reaching libzmq", () -> pub.send(ZmqMessage.of("warm-up")), () -> libSub.receive(POLL) != null);
        pub.send(ZmqMessage.of("end-of-warm-up"));
        while (!libSub.receiveText(STEP).equals(List.of("end-of-warm-up"))) {
            // warm-ups still in flight
        }

        byte[] payload = new byte[16 * 1024];
        int sent = 0;
        while (pub.trySend(ZmqMessage.of(Integer.toString(sent).getBytes(StandardCharsets.UTF_8), payload))) {
            sent++;
            assertThat(sent).as("a lossy PUB would take every message").isLessThan(20_000);
        }
        for (int i = 0; i < sent; i++) {
            assertThat(libSub.receiveText(STEP).get(0)).isEqualTo(Integer.toString(i));
        }
        assertThat(pub.droppedMessages()).isZero();
    }
}
