package io.monocoque.zmq.poll;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A context per test and sockets with zero linger, all closed after it. */
abstract class PollTestSockets {

    /** Only waited out when something is broken. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final AtomicInteger NAMES = new AtomicInteger();

    ZmqContext ctx;
    private final List<ZmqSocket> sockets = new ArrayList<>();

    @BeforeEach
    void createContext() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void closeEverything() {
        List<ZmqSocket> open = new ArrayList<>(sockets);
        Collections.reverse(open);
        open.forEach(ZmqSocket::close);
        ctx.close();
    }

    ZmqSocket socket(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        sockets.add(s);
        return s;
    }

    static String inproc() {
        return "inproc://poll-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    /** Binds {@code a} to a fresh inproc name and connects {@code b} to it. */
    static void pair(ZmqSocket a, ZmqSocket b) {
        String endpoint = inproc();
        a.bind(endpoint);
        b.connect(endpoint);
    }

    /** Binds {@code a} to an ephemeral tcp port and connects {@code b} to it. */
    static void pairOverTcp(ZmqSocket a, ZmqSocket b) {
        a.bind("tcp://127.0.0.1:*");
        b.connect(a.lastEndpoint());
    }

    /**
     * {@code Executors.newVirtualThreadPerTaskExecutor()}, which the Java 17 API we compile against
     * does not have; skips the calling test before Java 21.
     */
    static ExecutorService virtualThreadPerTaskExecutor() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static int events(ZmqSocket s) {
        return s.getOption(SocketOption.EVENTS);
    }
}
