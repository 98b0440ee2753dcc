package io.monocoque.zmq;

import io.monocoque.zmq.transport.ConnectionProbe;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a transport whose tcp channels allow it (NIO's and epoll's), a sending thread that finds its
 * connection idle writes to the kernel itself instead of waking the I/O thread; messages that
 * follow each other closely still go through the I/O thread. Whichever thread writes, the byte
 * stream stays one ordered ZMTP stream: partial writes, multipart messages, CURVE's nonces; and a
 * connection reset under a writing sender costs it nothing. Run on each transport by
 * {@link NioDirectWriteTest} and {@link EpollDirectWriteTest}.
 */
abstract class DirectWriteTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ZmqContext ctx = ZmqContext.builder().transport(transport()).build();

    /** The transport under test. */
    abstract IoTransport transport();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void requestsAndRepliesThatComeApartAreWrittenByTheThreadsThatSendThem() {
        try (ZmqSocket rep = ctx.createSocket(SocketType.REP); ZmqSocket req = ctx.createSocket(SocketType.REQ)) {
            rep.bind("tcp://127.0.0.1:*");
            req.connect(rep.lastEndpoint());
            for (int i = 0; i < 30; i++) {
                req.send(ZmqMessage.of("ping " + i));
                ZmqMessage request = rep.receive(WAIT);
                assertThat(request.frameString(0)).isEqualTo("ping " + i);
                rep.send(ZmqMessage.of("pong " + i));
                assertThat(req.receive(WAIT).frameString(0)).isEqualTo("pong " + i);
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos()); // the next request comes apart
            }
            List<Channel> connections = connections();
            assertThat(connections).hasSize(2).allSatisfy(c -> assertThat(ConnectionProbe.offersDirectWrites(c)).isTrue());
            // Each side wrote at least one of its 30 messages itself (a busy I/O thread may take some).
            assertThat(connections).allSatisfy(c -> assertThat(ConnectionProbe.directWrites(c)).isPositive());
        }
    }

    @Test
    void messagesKeepTheirOrderWhetherTheSenderOrTheIoThreadWritesThem() {
        try (ZmqSocket pull = ctx.createSocket(SocketType.PULL); ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            exchangeInBursts(push, pull, 600);
            assertThat(connections()).anySatisfy(c -> assertThat(ConnectionProbe.directWrites(c)).isPositive());
        }
    }

    @Test
    void curveNoncesStayInOrderWhetherTheSenderOrTheIoThreadEncrypts() {
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair client = CurveKeyPair.generate();
        try (ZmqSocket pull = ctx.createSocket(SocketType.PULL); ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.setOption(SocketOption.CURVE_SERVER, true);
            pull.setOption(SocketOption.CURVE_SECRET_KEY, server.secretKey());
            pull.bind("tcp://127.0.0.1:*");
            push.setOption(SocketOption.CURVE_SERVER_KEY, server.publicKey());
            push.setOption(SocketOption.CURVE_PUBLIC_KEY, client.publicKey());
            push.setOption(SocketOption.CURVE_SECRET_KEY, client.secretKey());
            push.connect(pull.lastEndpoint());
            exchangeInBursts(push, pull, 400);
            assertThat(connections()).anySatisfy(c -> assertThat(ConnectionProbe.directWrites(c)).isPositive());
        }
    }

    @Test
    void aPeerThatGoesAwayWhileTheSenderWritesCostsTheSenderNothing() throws Exception {
        try (ZmqContext peerContext = ZmqContext.builder().transport(transport()).build();
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            ZmqSocket pull = peerContext.createSocket(SocketType.PULL);
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            pull.bind("tcp://127.0.0.1:*");
            push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 100_000);
            push.setOption(SocketOption.LINGER, Duration.ZERO); // what it queued for the gone peer is not waited for
            push.connect(pull.lastEndpoint());
            push.send(ZmqMessage.of("hello"));
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("hello");
            List<Throwable> failures = new ArrayList<>();
            Thread sender = new Thread(() -> {
                long end = System.nanoTime() + Duration.ofMillis(400).toNanos();
                for (int i = 0; System.nanoTime() - end < 0; i++) {
                    push.send(ZmqMessage.of(new byte[i % 5 == 0 ? 200_000 : 100]));
                    LockSupport.parkNanos(50_000); // apart: most go out from this thread
                }
            });
            sender.setUncaughtExceptionHandler((t, e) -> failures.add(e));
            sender.start();
            Thread.sleep(150);
            pull.close(); // with linger 0: the connection is reset under the writing sender
            peerContext.close();
            sender.join(WAIT.toMillis());
            assertThat(sender.isAlive()).isFalse();
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void pooledBuffersSentApartAreWrittenByTheSenderWholeAndReleased() {
        try (ZmqSocket pull = ctx.createSocket(SocketType.PULL); ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            push.send(ZmqMessage.of("hello"));
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("hello");
            for (int i = 0; i < 30; i++) {
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos()); // each comes apart: the sender writes it
                byte[] body = new byte[40_000 + i * 1000];
                new SplittableRandom(i).nextBytes(body);
                ZmqBuffer b = push.allocateBuffer(body.length);
                b.byteBuffer().put(body);
                push.sendBuffer(b);
                try (ZmqBuffer got = pull.receiveBuffer(WAIT)) {
                    assertThat(got).as("buffer %d", i).isNotNull();
                    assertThat(got.toByteArray()).as("buffer %d", i).isEqualTo(body);
                }
            }
            assertThat(connections()).anySatisfy(c -> assertThat(ConnectionProbe.directWrites(c)).isPositive());
        }
    }

    /**
     * Sends {@code count} messages in bursts, each burst after a pause (so that its first message
     * is written by the sender), of sizes up to 256 KB and a few of 16 MB (more than the kernel
     * takes in one write, so a direct write leaves a rest for the I/O thread), some multipart;
     * the receiver checks every message's content and order.
     */
    private static void exchangeInBursts(ZmqSocket push, ZmqSocket pull, int count) {
        push.send(ZmqMessage.of("hello"));
        assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("hello");
        SplittableRandom random = new SplittableRandom(42);
        Thread receiver = new Thread(() -> {
            SplittableRandom expected = new SplittableRandom(42);
            for (int i = 0; i < count; i++) {
                ZmqMessage m = pull.receive(WAIT);
                assertThat(m).as("message %d", i).isNotNull();
                assertThat(m).as("message %d", i).isEqualTo(message(i, expected));
            }
        });
        List<Throwable> failures = new ArrayList<>();
        receiver.setUncaughtExceptionHandler((t, e) -> failures.add(e));
        receiver.start();
        for (int i = 0; i < count; i++) {
            if (i % 20 == 0) {
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            }
            push.send(message(i, random));
        }
        try {
            receiver.join(WAIT.multipliedBy(6).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(receiver.isAlive()).as("receiver still waiting").isFalse();
        assertThat(failures).isEmpty();
    }

    private static ZmqMessage message(int i, SplittableRandom random) {
        int size = i % 97 == 5 ? 16 * 1024 * 1024 : random.nextInt(i % 3 == 0 ? 256 * 1024 : 300);
        byte[] body = new byte[size];
        for (int j = 0; j < size; j += 4096) {
            body[j] = (byte) (i + j);
        }
        if (size > 0) {
            body[size - 1] = (byte) i;
        }
        return i % 7 == 0 ? ZmqMessage.of(("part " + i).getBytes(), body) : ZmqMessage.of(body);
    }

    private List<Channel> connections() {
        List<Channel> result = new ArrayList<>();
        for (Channel c : ctx.io().openChannels()) {
            if (ConnectionProbe.directWrites(c) >= 0) {
                result.add(c);
            }
        }
        return result;
    }
}
