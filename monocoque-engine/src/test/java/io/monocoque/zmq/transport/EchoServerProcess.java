package io.monocoque.zmq.transport;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Monocoque REP in a JVM of its own, for tests that attack a whole process (a small heap, a
 * frozen process): binds tcp://127.0.0.1:*, prints "ready endpoint", echoes every request, and
 * answers the request "heap" with the heap in use after a full GC. Exits when stdin closes.
 */
public final class EchoServerProcess {

    private EchoServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket rep = ctx.createSocket(SocketType.REP)) {
            rep.setOption(SocketOption.LINGER, Duration.ZERO);
            if (args.length > 0) {
                rep.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(Long.parseLong(args[0])));
            }
            rep.bind("tcp://127.0.0.1:*");
            System.out.println("ready " + rep.lastEndpoint());
            System.out.flush();
            Thread echo = new Thread(() -> {
                while (true) {
                    ZmqMessage m = rep.receive();
                    if (m.size() == 1 && m.frameString(0).equals("heap")) {
                        System.gc();
                        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                        rep.send(ZmqMessage.of(Long.toString(used).getBytes(StandardCharsets.US_ASCII)));
                    } else {
                        rep.send(m);
                    }
                }
            }, "echo");
            echo.setDaemon(true);
            echo.start();
            while (System.in.read() >= 0) {
                // until the test closes our stdin
            }
        }
        System.exit(0);
    }
}
