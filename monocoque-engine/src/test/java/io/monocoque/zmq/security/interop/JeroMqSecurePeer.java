package io.monocoque.zmq.security.interop;

import io.monocoque.zmq.keys.Z85;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.fail;

/**
 * A JeroMQ 0.6.0 peer playing the modes of {@code security/secure_peer.py} with CURVE or PLAIN,
 * on a thread of its own (JeroMQ sockets are not thread-safe: each is created, used and closed
 * there). A ZAP handler REP runs on a second thread when the spec asks for one.
 */
final class JeroMqSecurePeer implements SecurePeer {

    private static final int TIMEOUT_MS = (int) STEP.toMillis();

    private final Spec spec;
    private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> orders = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopHandler;
    private final List<String> monitorEvents = Collections.synchronizedList(new ArrayList<>());

    private JeroMqSecurePeer(Spec spec) {
        this.spec = spec;
        this.thread = new Thread(this::run, "jeromq-secure-" + spec.mode());
        this.thread.setDaemon(true);
    }

    /** Starts JeroMQ peers and stops, on close, those still running. */
    static final class Launcher implements SecurePeer.Launcher {

        private final List<JeroMqSecurePeer> peers = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String implementation() {
            return "JeroMQ 0.6.0";
        }

        @Override
        public SecurePeer start(Spec spec) {
            JeroMqSecurePeer p = new JeroMqSecurePeer(spec);
            peers.add(p);
            p.thread.start();
            return p;
        }

        @Override
        public void close() {
            List<JeroMqSecurePeer> all;
            synchronized (peers) {
                all = new ArrayList<>(peers);
                peers.clear();
            }
            all.forEach(JeroMqSecurePeer::close);
        }
    }

    /** Part {@code index} of an option given as {@code --name=a,b,c} (or {@code --name=user:password}). */
    private String option(String name, int index) {
        for (String arg : spec.security()) {
            if (arg.startsWith(name + "=")) {
                String value = arg.substring(name.length() + 1);
                return value.split(name.startsWith("--plain") ? ":" : ",", -1)[index];
            }
        }
        return null;
    }

    private String whole(String name) {
        for (String arg : spec.security()) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return null;
    }

    private void run() {
        ZContext ctx = new ZContext();
        Thread handler = null;
        try {
            String plainServer = whole("--plain-server");
            String allowKey = option("--zap-allow-key", 0);
            if (plainServer != null || allowKey != null) {
                ZMQ.Socket zap = ctx.createSocket(SocketType.REP);
                zap.bind("inproc://zeromq.zap.01");
                handler = new Thread(() -> serveZap(zap, plainServer, allowKey), "jeromq-zap");
                handler.setDaemon(true);
                handler.start();
            }
            ZMQ.Socket s = ctx.createSocket(SocketType.valueOf(spec.mode().toUpperCase(java.util.Locale.ROOT)));
            s.setLinger(2000);
            s.setSndHWM(0);
            s.setRcvHWM(0);
            // JeroMQ 0.6.0's connecting side sometimes completes the TCP connect but never sends
            // its greeting (its poller's connect hand-off race, zeromq/jeromq PR #1022, 1-6% of
            // connections); its handshake timer then reconnects, so keep that timer short.
            s.setHandshakeIvl(2000);
            s.setReceiveTimeOut(200); // short, so that close() is heard; receive() bounds the total wait
            s.setSendTimeOut(TIMEOUT_MS);
            if (option("--curve-server", 0) != null) {
                s.setCurveServer(true);
                s.setCurveSecretKey(Z85.decode(option("--curve-server", 0)));
            }
            if (option("--curve-client", 0) != null) {
                s.setCurvePublicKey(Z85.decode(option("--curve-client", 0)));
                s.setCurveSecretKey(Z85.decode(option("--curve-client", 1)));
                s.setCurveServerKey(Z85.decode(option("--curve-client", 2)));
            }
            if (plainServer != null) {
                s.setPlainServer(true);
            }
            if (option("--plain-client", 0) != null) {
                s.setPlainUsername(option("--plain-client", 0));
                s.setPlainPassword(option("--plain-client", 1));
            }
            monitor(ctx, s);
            if (spec.mode().equals("sub")) {
                for (String t : SecureMessages.SUBSCRIBED) {
                    s.subscribe(t.getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (spec.bind()) {
                s.bind(spec.endpoint());
                reports.add("READY " + s.getLastEndpoint());
            } else {
                s.connect(spec.endpoint());
                reports.add("READY " + spec.endpoint());
            }
            int n = play(s);
            reports.add("FINISHED " + n);
            orders.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS); // DONE
            result.complete(n);
        } catch (Throwable t) {
            result.completeExceptionally(t);
        } finally {
            stopHandler = true;
            if (handler != null) {
                try {
                    handler.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ctx.close();
        }
    }

    /** Records the socket's monitor events, for {@link #describe()}. */
    private void monitor(ZContext ctx, ZMQ.Socket s) {
        String address = "inproc://jeromq-monitor-" + System.identityHashCode(this);
        s.monitor(address, ZMQ.EVENT_ALL);
        ZMQ.Socket events = ctx.createSocket(SocketType.PAIR);
        events.setReceiveTimeOut(100);
        events.connect(address);
        Thread t = new Thread(() -> {
            try {
                while (!stopHandler && !result.isDone()) {
                    ZMQ.Event e = ZMQ.Event.recv(events);
                    if (e != null) {
                        monitorEvents.add(System.currentTimeMillis() % 100_000 + " " + e.getEvent() + " " + e.getAddress()
                                + " " + e.getValue());
                    }
                }
            } catch (RuntimeException e) {
                // the context is closing
            }
        }, "jeromq-monitor");
        t.setDaemon(true);
        t.start();
    }

    private void serveZap(ZMQ.Socket zap, String plainUserPassword, String allowKey) {
        zap.setReceiveTimeOut(100);
        zap.setLinger(0);
        while (!stopHandler) {
            List<byte[]> m = receive(zap);
            if (m == null) {
                continue;
            }
            String mechanism = new String(m.get(5), StandardCharsets.US_ASCII);
            boolean ok = false;
            String user = "";
            if (mechanism.equals("PLAIN") && m.size() == 8) {
                user = new String(m.get(6), StandardCharsets.UTF_8);
                ok = (user + ":" + new String(m.get(7), StandardCharsets.UTF_8)).equals(plainUserPassword);
            } else if (mechanism.equals("CURVE") && m.size() == 7) {
                ok = allowKey == null || Arrays.equals(Z85.decode(allowKey), m.get(6));
                user = Z85.encode(m.get(6));
            }
            zap.sendMore(m.get(0));
            zap.sendMore(m.get(1));
            zap.sendMore(ok ? "200" : "400");
            zap.sendMore(ok ? "OK" : "denied");
            zap.sendMore(ok ? user : "");
            zap.send(new byte[0]);
        }
    }

    private static List<byte[]> receive(ZMQ.Socket s) {
        byte[] first = s.recv();
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (s.hasReceiveMore()) {
            frames.add(s.recv());
        }
        return frames;
    }

    private List<byte[]> receive(ZMQ.Socket s, String what) {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline && !stopHandler) {
            List<byte[]> m = receive(s);
            if (m != null) {
                return m;
            }
        }
        throw new AssertionError("JeroMQ peer " + (stopHandler ? "was closed" : "timed out") + " waiting for " + what);
    }

    private static void send(ZMQ.Socket s, byte[][] frames) {
        for (int i = 0; i < frames.length; i++) {
            boolean ok = i < frames.length - 1 ? s.sendMore(frames[i]) : s.send(frames[i]);
            if (!ok) {
                throw new AssertionError("JeroMQ peer could not send");
            }
        }
    }

    private static void expect(String what, List<byte[]> actual, byte[][] expected) {
        if (actual.size() != expected.length) {
            fail(what + ": " + actual.size() + " frames instead of " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!Arrays.equals(actual.get(i), expected[i])) {
                fail(what + ": frame " + i + " differs (" + actual.get(i).length + " bytes, expected " + expected[i].length + ")");
            }
        }
    }

    private static byte[][] reversed(byte[][] f) {
        byte[][] r = new byte[f.length][];
        for (int i = 0; i < f.length; i++) {
            r[i] = f[f.length - 1 - i];
        }
        return r;
    }

    private int play(ZMQ.Socket s) throws InterruptedException {
        int n = spec.count();
        switch (spec.mode()) {
            case "push":
                for (int i = 0; i < n; i++) {
                    send(s, SecureMessages.frames(i, n));
                }
                return n;
            case "pull":
                for (int i = 0; i < n; i++) {
                    expect("message " + i, receive(s, "message " + i), SecureMessages.frames(i, n));
                }
                return n;
            case "req":
                for (int i = 0; i < n; i++) {
                    send(s, SecureMessages.frames(i, n));
                    expect("reply " + i, receive(s, "reply " + i), reversed(SecureMessages.frames(i, n)));
                }
                return n;
            case "rep":
                for (int i = 0; i < n; i++) {
                    List<byte[]> m = receive(s, "request " + i);
                    expect("request " + i, m, SecureMessages.frames(i, n));
                    send(s, reversed(m.toArray(new byte[0][])));
                }
                return n;
            case "pub":
                byte[][] warmup = {"gamma".getBytes(), "warmup".getBytes()};
                while (orders.poll(20, TimeUnit.MILLISECONDS) == null) {
                    send(s, warmup);
                }
                for (int i = 0; i < n; i++) {
                    byte[][] f = SecureMessages.frames(i, n);
                    send(s, new byte[][] {SecureMessages.TOPICS[i % 4].getBytes(), f[0], f[1], f[2]});
                }
                send(s, new byte[][] {"gamma".getBytes(), "end".getBytes()});
                return n;
            case "sub":
                List<byte[]> m = receive(s, "the first warm-up");
                while (!isWarmup(m)) {
                    m = receive(s, "the first warm-up");
                }
                reports.add("WARMED");
                int k = 0;
                for (int i = nextSubscribed(0, n); ; ) {
                    m = receive(s, "published message");
                    if (isWarmup(m)) {
                        continue;
                    }
                    if (new String(m.get(m.size() - 1)).equals("end") && m.size() == 2) {
                        break;
                    }
                    byte[][] f = SecureMessages.frames(i, n);
                    expect("published " + i, m, new byte[][] {SecureMessages.TOPICS[i % 4].getBytes(), f[0], f[1], f[2]});
                    k++;
                    i = nextSubscribed(i + 1, n);
                }
                return k;
            default:
                throw new IllegalArgumentException(spec.mode());
        }
    }

    private static int nextSubscribed(int from, int n) {
        int i = from;
        while (i < n && !SecureMessages.subscribed(i)) {
            i++;
        }
        return i;
    }

    private static boolean isWarmup(List<byte[]> m) {
        return m.size() == 2 && new String(m.get(1)).equals("warmup");
    }

    @Override
    public String awaitReady() {
        return await("READY ").substring(6);
    }

    private String await(String prefix) {
        long deadline = System.nanoTime() + STEP.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String r = reports.poll(100, TimeUnit.MILLISECONDS);
                if (r != null && r.startsWith(prefix)) {
                    return r;
                }
                if (r == null && result.isDone()) {
                    result.get();
                    throw new AssertionError("the JeroMQ peer ended before reporting " + prefix.trim());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new AssertionError("the JeroMQ peer failed: " + e.getCause(), e.getCause());
        }
        throw new AssertionError("no " + prefix.trim() + " from the JeroMQ peer within " + STEP.toSeconds() + " s");
    }

    @Override
    public boolean pollReport(String word, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String r = reports.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r != null && r.startsWith(word)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public String problem() {
        if (!result.isCompletedExceptionally()) {
            return null;
        }
        try {
            result.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return "the JeroMQ peer failed: " + e.getCause();
        }
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("JeroMQ peer [").append(spec.mode()).append("] thread ")
                .append(thread.getState()).append(", reports ").append(reports)
                .append(", its monitor events ").append(monitorEvents);
        for (StackTraceElement e : thread.getStackTrace()) {
            b.append("\n    at ").append(e);
        }
        return b.toString();
    }

    @Override
    public void tell(String word) {
        orders.add(word);
    }

    @Override
    public int awaitFinished() {
        String line = await("FINISHED ");
        tell("DONE");
        try {
            result.get(STEP.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the JeroMQ peer failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError("the JeroMQ peer did not end", e);
        }
        return Integer.parseInt(line.substring(9).trim());
    }

    @Override
    public void close() {
        orders.add("DONE");
        if (!result.isDone()) {
            stopHandler = true;
        }
        try {
            thread.join(STEP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
