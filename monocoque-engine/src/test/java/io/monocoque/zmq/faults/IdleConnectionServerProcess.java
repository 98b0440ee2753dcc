package io.monocoque.zmq.faults;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;

/**
 * A Monocoque REP in a JVM of its own for measuring what idle connections cost the server:
 * binds tcp://127.0.0.1:*, prints "ready endpoint", echoes every request except "probe", which it
 * answers with three numbers: heap in use after a full GC, direct memory in use ({@link ResourceProbe#directMemory()}),
 * and open file descriptors. Exits when stdin closes.
 */
public final class IdleConnectionServerProcess {

    private IdleConnectionServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket rep = ctx.createSocket(SocketType.REP)) {
            rep.setOption(SocketOption.LINGER, Duration.ZERO);
            rep.bind("tcp://127.0.0.1:*");
            System.out.println("ready " + rep.lastEndpoint());
            System.out.flush();
            Thread serve = new Thread(() -> {
                while (true) {
                    ZmqMessage m = rep.receive();
                    if (m.size() == 1 && m.frameString(0).equals("probe")) {
                        rep.send(ZmqMessage.of(Long.toString(ResourceProbe.usedHeapAfterGc()),
                                Long.toString(ResourceProbe.directMemory()),
                                Integer.toString(ResourceProbe.openFileDescriptors())));
                    } else {
                        rep.send(m);
                    }
                }
            }, "serve");
            serve.setDaemon(true);
            serve.start();
            while (System.in.read() >= 0) {
                // until the test closes our stdin
            }
        }
        System.exit(0);
    }
}
