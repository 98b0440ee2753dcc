package io.monocoque.benchmarks;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqSocket;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the four perf tools share: argument parsing, the stopwatch, libzmq-identical output
 * and the environment switches.
 *
 * <p>Conventions are those of libzmq's {@code perf/} tools (and of the anchors in
 * {@code /work/shared/anchors}): same arguments, same stdout lines, same number formats.
 * Anything Monocoque-specific (the Netty transport in use, errors) goes to stderr, so stdout
 * stays line-for-line comparable with libzmq's tools.
 *
 * <p>Environment:
 * <ul>
 *   <li>{@code CURVE=1} (any value but empty or {@code 0}): CURVE security, as the anchors' libzmq
 *       and JeroMQ tools do it. The binding side (local_thr, local_lat) is the CURVE server with
 *       the server key pair; the connecting side (remote_thr, remote_lat) is the CURVE client with
 *       the client key pair and the server's public key. No ZAP handler: the server accepts any
 *       client. The keys are the anchors' fixed benchmark keys unless overridden (Z85, 40
 *       characters) by {@code CURVE_SERVER_PUBLIC}, {@code CURVE_SERVER_SECRET},
 *       {@code CURVE_CLIENT_PUBLIC}, {@code CURVE_CLIENT_SECRET}; each side reads only the keys
 *       its role needs (see {@link #secure}). A malformed key is an error naming the variable
 *       (exit 1).</li>
 *   <li>{@code HOLD_MS=n} (remote_thr): sleep n ms after the last send, before closing.</li>
 *   <li>{@code MONOCOQUE_TRANSPORT} = {@code auto} (default), {@code io_uring}, {@code epoll} or
 *       {@code nio}: the Netty transport of the context.</li>
 * </ul>
 */
final class PerfTool {

    // The anchors' fixed CURVE key pairs (/work/shared/anchors/c/curve_keys.h and
    // java/src/anchors/Common.java, generated there once with zmq_curve_keypair). Benchmark-only
    // keys: public, never use them for anything real.
    /**
     * From this message size on, local_thr and remote_thr move messages as pooled buffers
     * ({@code receiveBuffer}, {@code allocateBuffer} + {@code sendBuffer}), as a user moving
     * large payloads would: the engine's threshold for receiving a single frame into pooled
     * memory (32 KB), below which arrays are the cheaper path.
     */
    static final int LARGE_MESSAGE = 32 * 1024;

    static final String SERVER_PUBLIC = "k?45HyqaNTXW*dB.b{z@}nGCtTxi)e=:POScY2C{";
    static final String SERVER_SECRET = "9S@GT-enZRF}RZ-6nmhUK43e[sjQKy:Lb6DjJ-ag";
    static final String CLIENT_PUBLIC = "hWq!4mkawN!olL#hz4Yo+<+/B5VJL@7hsSKZ^T60";
    static final String CLIENT_SECRET = "hIKk)[/GGax/lybQE4&HTki4W6m!7FkW:Fb[j/gN";

    final String endpoint;
    final int messageSize;
    final long count;

    private PerfTool(String endpoint, int messageSize, long count) {
        this.endpoint = endpoint;
        this.messageSize = messageSize;
        this.count = count;
    }

    /**
     * Parses {@code <endpoint> <message-size> <count>}; prints libzmq's usage line and exits 1
     * when the arguments do not fit.
     */
    static PerfTool parse(String[] argv, String usage) {
        if (argv.length != 3) {
            printf("usage: %s\n", usage);
            System.exit(1);
        }
        int size = 0;
        long count = 0;
        try {
            size = Integer.parseInt(argv[1]);
            count = Long.parseLong(argv[2]);
        } catch (NumberFormatException e) {
            printf("usage: %s\n", usage);
            System.exit(1);
        }
        if (size < 0 || count < 1) {
            printf("usage: %s\n", usage);
            System.exit(1);
        }
        return new PerfTool(argv[0], size, count);
    }

    /**
     * With CURVE=1, makes {@code socket} the CURVE server ({@code server} true: the binding side)
     * or the CURVE client (the connecting side), as the anchors' tools do. Call it before
     * bind/connect: the engine reads the security options when the socket binds or connects.
     * Does nothing without CURVE=1.
     *
     * <p>Each side reads only the keys its role needs, like the anchors: the server its key pair
     * (CURVE_SERVER_SECRET; its public key is derived from it), the client the server's public
     * key (CURVE_SERVER_PUBLIC) and its own pair (CURVE_CLIENT_PUBLIC, CURVE_CLIENT_SECRET; a
     * client secret given without its public key gets the derived one). A public key that does
     * not belong to its secret key is reported on stderr (the handshake will then fail, as with
     * libzmq) but used as given. Says on stderr which role and public keys are in use, never a
     * secret key.
     *
     * @throws IllegalArgumentException naming the variable when a key is not a 40-character Z85 key
     */
    static void secure(ZmqSocket socket, boolean server, String tool) {
        if (!curveRequested()) {
            return;
        }
        if (server) {
            byte[] secret = key("CURVE_SERVER_SECRET", SERVER_SECRET);
            CurveKeyPair pair = CurveKeyPair.fromSecretKey(secret);
            String announced = envOr("CURVE_SERVER_PUBLIC", null);
            if (announced != null && !Arrays.equals(key("CURVE_SERVER_PUBLIC", SERVER_PUBLIC), pair.publicKey())) {
                System.err.println(tool + ": warning: CURVE_SERVER_PUBLIC does not belong to the server secret key;"
                        + " clients that use it will fail the handshake");
            }
            socket.setOption(SocketOption.CURVE_SERVER, true);
            socket.setOption(SocketOption.CURVE_PUBLIC_KEY, pair.publicKey());
            socket.setOption(SocketOption.CURVE_SECRET_KEY, secret);
            System.err.println(tool + ": CURVE server, public key " + pair.publicKeyZ85()
                    + ", no ZAP handler (any client accepted)");
        } else {
            byte[] serverKey = key("CURVE_SERVER_PUBLIC", SERVER_PUBLIC);
            byte[] secret = key("CURVE_CLIENT_SECRET", CLIENT_SECRET);
            CurveKeyPair derived = CurveKeyPair.fromSecretKey(secret);
            byte[] publicKey;
            String publicZ85;
            if (envOr("CURVE_CLIENT_PUBLIC", null) == null && envOr("CURVE_CLIENT_SECRET", null) != null) {
                publicKey = derived.publicKey();
                publicZ85 = derived.publicKeyZ85();
            } else {
                publicKey = key("CURVE_CLIENT_PUBLIC", CLIENT_PUBLIC);
                publicZ85 = envOr("CURVE_CLIENT_PUBLIC", CLIENT_PUBLIC);
                if (!Arrays.equals(publicKey, derived.publicKey())) {
                    System.err.println(tool + ": warning: the client public key does not belong to the client"
                            + " secret key; the server will refuse the handshake");
                }
            }
            socket.setOption(SocketOption.CURVE_SERVER_KEY, serverKey);
            socket.setOption(SocketOption.CURVE_PUBLIC_KEY, publicKey);
            socket.setOption(SocketOption.CURVE_SECRET_KEY, secret);
            System.err.println(tool + ": CURVE client, public key " + publicZ85
                    + ", server key " + envOr("CURVE_SERVER_PUBLIC", SERVER_PUBLIC));
        }
    }

    /** The 32 bytes of the Z85 key in environment variable {@code name}, or of {@code dflt}. */
    private static byte[] key(String name, String dflt) {
        String z85 = envOr(name, dflt);
        try {
            return CurveKeyPair.decodeKey(z85);
        } catch (ZmqException e) {
            throw new IllegalArgumentException("CURVE=1: bad key in " + name + ": " + e.getMessage(), e);
        }
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return (v == null || v.isEmpty()) ? dflt : v;
    }

    static boolean curveRequested() {
        String v = System.getenv("CURVE");
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    /** A context with the defaults (one I/O thread, transport AUTO unless MONOCOQUE_TRANSPORT says otherwise). */
    static ZmqContext context(String tool) {
        String t = System.getenv("MONOCOQUE_TRANSPORT");
        IoTransport transport = IoTransport.AUTO;
        if (t != null && !t.isEmpty()) {
            try {
                transport = IoTransport.valueOf(t.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println(tool + ": MONOCOQUE_TRANSPORT must be auto, io_uring, epoll or nio, not " + t);
                System.exit(1);
            }
        }
        ZmqContext ctx = ZmqContext.builder().ioThreads(1).transport(transport).build();
        System.err.println(tool + ": monocoque transport " + ctx.transport()
                + ", java " + System.getProperty("java.runtime.version"));
        return ctx;
    }

    /** HOLD_MS from the environment, 0 when unset. */
    static long holdMillis() {
        String v = System.getenv("HOLD_MS");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        return Long.parseLong(v.trim());
    }

    /** Microseconds from an arbitrary origin, like zmq_stopwatch. */
    static long micros() {
        return System.nanoTime() / 1000L;
    }

    /** printf with the C locale, so numbers look exactly like libzmq's tools' output. */
    static void printf(String fmt, Object... args) {
        System.out.print(String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }

    /** Reports a failure the way libzmq's tools do ("error in ...") plus the stack trace, on stderr. */
    static void fail(String what, Throwable t) {
        System.out.flush();
        System.err.println("error in " + what + ": " + t);
        t.printStackTrace();
        System.err.flush();
    }
}
