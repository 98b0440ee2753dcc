package io.monocoque.zmq;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A typed socket option, named after its libzmq counterpart.
 *
 * <pre>{@code
 * socket.setOption(SocketOption.SEND_HIGH_WATER_MARK, 10_000);
 * socket.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Options that shape connections (routing id, handshake interval, ...) apply to connections
 * made after they are set, as in libzmq: set them before {@code bind}/{@code connect}. The
 * high-water marks are the exception: as in libzmq 4.3 they apply to existing peers too.
 *
 * @param <T> the option's value type
 */
public final class SocketOption<T> {

    private static final Duration INFINITE = Duration.ofMillis(-1);

    /**
     * ZMQ_SNDHWM: messages queued per peer before send blocks (or PUB drops); 0 is unlimited.
     * Default 1000. Unlike most options a change applies to the peers already attached too, as in
     * libzmq 4.3: a sender blocked at the old mark goes on when the new one is higher. Over inproc a
     * pipe holds the sender's SNDHWM plus the receiver's RCVHWM.
     */
    public static final SocketOption<Integer> SEND_HIGH_WATER_MARK =
            new SocketOption<>("send-high-water-mark", Integer.class, 1000, v -> v >= 0);

    /**
     * ZMQ_RCVHWM: messages queued per peer on the receiving side before the peer is held back; 0 is
     * unlimited. Default 1000. A change applies to the peers already attached too, as for
     * {@link #SEND_HIGH_WATER_MARK}: a connection held back at the old mark reads on, an inproc
     * peer blocked at it sends on.
     */
    public static final SocketOption<Integer> RECEIVE_HIGH_WATER_MARK =
            new SocketOption<>("receive-high-water-mark", Integer.class, 1000, v -> v >= 0);

    /** ZMQ_SNDTIMEO: how long {@code send} blocks before failing with EAGAIN; negative is forever (default). */
    public static final SocketOption<Duration> SEND_TIMEOUT =
            new SocketOption<>("send-timeout", Duration.class, INFINITE, v -> true);

    /** ZMQ_RCVTIMEO: how long {@code receive} blocks before failing with EAGAIN; negative is forever (default). */
    public static final SocketOption<Duration> RECEIVE_TIMEOUT =
            new SocketOption<>("receive-timeout", Duration.class, INFINITE, v -> true);

    /** ZMQ_LINGER: how long {@code close} waits to flush pending messages; negative is forever. Default 0 here
     * would lose messages, so like libzmq the default is forever ({@code -1}). */
    public static final SocketOption<Duration> LINGER =
            new SocketOption<>("linger", Duration.class, INFINITE, v -> true);

    /**
     * ZMQ_RECONNECT_IVL: the first delay before reconnecting a lost or refused connection. Default
     * 100 ms. Zero or negative ({@code Duration.ofMillis(-1)}, libzmq's -1) never reconnects, as in
     * libzmq 4.3 (whose every retry is gated by {@code reconnect_ivl > 0}): a refused or failed
     * connect is not tried again, but the endpoint stays connected, its pipe keeping what was
     * queued until {@code disconnect}; a connection that was made and then ends is not redialled,
     * and the endpoint is then gone (its pipe and queued messages with it; {@code disconnect}
     * fails with ENOENT). Either way a {@link MonitorEventType#CLOSED} event says so.
     */
    public static final SocketOption<Duration> RECONNECT_INTERVAL =
            new SocketOption<>("reconnect-interval", Duration.class, Duration.ofMillis(100), v -> true);

    /** ZMQ_RECONNECT_IVL_MAX: the cap of the exponential reconnect backoff; zero means no backoff (default). */
    public static final SocketOption<Duration> RECONNECT_INTERVAL_MAX =
            new SocketOption<>("reconnect-interval-max", Duration.class, Duration.ZERO, v -> !v.isNegative());

    /** {@link #RECONNECT_STOP} flag: a tcp connect refused by the peer's host (ECONNREFUSED) is not retried (libzmq's ZMQ_RECONNECT_STOP_CONN_REFUSED). */
    public static final int RECONNECT_STOP_CONN_REFUSED = 1;
    /** {@link #RECONNECT_STOP} flag: a connection whose ZMTP handshake fails is not redialled (libzmq's ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED). */
    public static final int RECONNECT_STOP_HANDSHAKE_FAILED = 2;
    /** {@link #RECONNECT_STOP} flag: once disconnected (or closed) an endpoint is never dialled again (libzmq's ZMQ_RECONNECT_STOP_AFTER_DISCONNECT). */
    public static final int RECONNECT_STOP_AFTER_DISCONNECT = 4;

    /**
     * ZMQ_RECONNECT_STOP (libzmq draft): when a connecting socket stops reconnecting, the flags
     * or-ed together; 0 (default) reconnects after every failure.
     * <ul>
     * <li>{@link #RECONNECT_STOP_CONN_REFUSED}: a tcp connect refused by the peer's host (no one
     * listens there) ends the endpoint: it is not retried, its pipe and queued messages are
     * dropped and it is no longer connected ({@code disconnect} fails with ENOENT). Timeouts,
     * unreachable hosts and ipc are retried as before, as in libzmq 4.3.5, whose check is in its
     * tcp connecter only.</li>
     * <li>{@link #RECONNECT_STOP_HANDSHAKE_FAILED}: a connection that ends before its ZMTP
     * handshake completed (the peer is not a ZeroMQ socket and closes it, the handshake interval
     * runs out, a protocol error, a refused authentication) is not redialled; the endpoint's
     * pipe is dropped, the endpoint stays connected but idle, as in libzmq. Pair it with a short
     * {@link #HANDSHAKE_INTERVAL}.</li>
     * <li>{@link #RECONNECT_STOP_AFTER_DISCONNECT}: {@code disconnect} and {@code close} stop
     * dialling at once. Without it, an endpoint that was down when it was disconnected goes on
     * dialling for up to the {@link #LINGER} time to deliver what was queued for it.</li>
     * </ul>
     * The first two are reported as a {@link MonitorEventType#CLOSED} event whose reason names
     * the flag.
     */
    public static final SocketOption<Integer> RECONNECT_STOP =
            new SocketOption<>("reconnect-stop", Integer.class, 0, v -> v >= 0
                    && v <= (RECONNECT_STOP_CONN_REFUSED | RECONNECT_STOP_HANDSHAKE_FAILED | RECONNECT_STOP_AFTER_DISCONNECT));

    /** ZMQ_IMMEDIATE: queue messages only to peers whose connection is complete. Default false. */
    public static final SocketOption<Boolean> IMMEDIATE =
            new SocketOption<>("immediate", Boolean.class, false, v -> true);

    /** ZMQ_HANDSHAKE_IVL: the time a new connection has to complete its ZMTP handshake; zero disables. Default 30 s. */
    public static final SocketOption<Duration> HANDSHAKE_INTERVAL =
            new SocketOption<>("handshake-interval", Duration.class, Duration.ofSeconds(30), v -> !v.isNegative());

    /** ZMQ_MAXMSGSIZE: the largest frame accepted from a peer, in bytes; a larger one closes that connection. -1 is no limit (default). */
    public static final SocketOption<Long> MAX_MESSAGE_SIZE =
            new SocketOption<>("max-message-size", Long.class, -1L, v -> v >= -1);

    /** ZMQ_ROUTING_ID: the identity announced to peers (1 to 255 bytes, not starting with a zero byte). */
    public static final SocketOption<byte[]> ROUTING_ID =
            new SocketOption<>("routing-id", byte[].class, null,
                    v -> v == null || (v.length >= 1 && v.length <= 255 && v[0] != 0));

    /** ZMQ_ROUTER_MANDATORY: a ROUTER fails with EHOSTUNREACH instead of dropping an unroutable message. Default false. */
    public static final SocketOption<Boolean> ROUTER_MANDATORY =
            new SocketOption<>("router-mandatory", Boolean.class, false, v -> true);

    /** ZMQ_XPUB_VERBOSE: an XPUB passes every subscription upstream, not only new ones. Default false. */
    public static final SocketOption<Boolean> XPUB_VERBOSE =
            new SocketOption<>("xpub-verbose", Boolean.class, false, v -> true);

    /** ZMQ_TCP_KEEPALIVE: SO_KEEPALIVE on tcp connections; {@code null} leaves the OS default. */
    public static final SocketOption<Boolean> TCP_KEEPALIVE =
            new SocketOption<>("tcp-keepalive", Boolean.class, null, v -> true);

    /**
     * ZMQ_TCP_KEEPALIVE_IDLE: how long a tcp connection is idle before the first keepalive probe
     * (TCP_KEEPIDLE, whole seconds); {@code null} leaves the OS default (Linux: 2 hours). Applies
     * with {@link #TCP_KEEPALIVE} on, on the epoll and io_uring transports and on NIO where the
     * JDK supports the option (Linux, macOS); elsewhere it is ignored, as libzmq ignores it where
     * the OS has no such option.
     */
    public static final SocketOption<Duration> TCP_KEEPALIVE_IDLE =
            new SocketOption<>("tcp-keepalive-idle", Duration.class, null, SocketOption::isWholePositiveSeconds);

    /** ZMQ_TCP_KEEPALIVE_INTVL: the time between keepalive probes (TCP_KEEPINTVL, whole seconds); {@code null} is the OS default. */
    public static final SocketOption<Duration> TCP_KEEPALIVE_INTERVAL =
            new SocketOption<>("tcp-keepalive-interval", Duration.class, null, SocketOption::isWholePositiveSeconds);

    /** ZMQ_TCP_KEEPALIVE_CNT: unanswered keepalive probes before the connection is dropped (TCP_KEEPCNT); {@code null} is the OS default. */
    public static final SocketOption<Integer> TCP_KEEPALIVE_COUNT =
            new SocketOption<>("tcp-keepalive-count", Integer.class, null, v -> v >= 1 && v <= 127);

    /**
     * ZMQ_TCP_MAXRT: how long sent data may stay unacknowledged before the connection is dropped
     * (Linux TCP_USER_TIMEOUT, milliseconds); zero leaves the OS default (default). Honoured by
     * the epoll and io_uring transports; NIO has no such option and ignores it.
     */
    public static final SocketOption<Duration> TCP_MAX_RETRANSMIT_TIMEOUT =
            new SocketOption<>("tcp-max-retransmit-timeout", Duration.class, Duration.ZERO,
                    v -> !v.isNegative() && v.toMillis() <= Integer.MAX_VALUE);

    /**
     * ZMQ_CONNECT_TIMEOUT: how long a tcp connect may take before it is given up and retried after
     * the reconnect interval; zero leaves it to the OS (default, libzmq's too).
     */
    public static final SocketOption<Duration> CONNECT_TIMEOUT =
            new SocketOption<>("connect-timeout", Duration.class, Duration.ZERO,
                    v -> !v.isNegative() && v.toMillis() <= Integer.MAX_VALUE);

    /**
     * ZMQ_HEARTBEAT_IVL: how often a ZMTP 3.1 PING is sent on each connection; zero sends none
     * (default). With it, a peer that sends nothing for {@link #HEARTBEAT_TIMEOUT} after a PING is
     * taken for dead: its connection closes (DISCONNECTED, reason "heartbeat timeout"), its pipe
     * takes no more messages, and a connecting socket reconnects.
     */
    public static final SocketOption<Duration> HEARTBEAT_INTERVAL =
            new SocketOption<>("heartbeat-interval", Duration.class, Duration.ZERO, v -> !v.isNegative());

    /**
     * ZMQ_HEARTBEAT_TIMEOUT: how long the peer has, after a PING, to send anything; a negative
     * value (default) means the heartbeat interval, as in libzmq.
     */
    public static final SocketOption<Duration> HEARTBEAT_TIMEOUT =
            new SocketOption<>("heartbeat-timeout", Duration.class, INFINITE, v -> true);

    /**
     * ZMQ_HEARTBEAT_TTL: the time-to-live our PINGs announce: the peer drops the connection when
     * it hears nothing from us for that long after a PING. Tenths of a second on the wire, at
     * most 6553.5 s; zero (default) announces none.
     */
    public static final SocketOption<Duration> HEARTBEAT_TTL =
            new SocketOption<>("heartbeat-ttl", Duration.class, Duration.ZERO,
                    v -> !v.isNegative() && v.toMillis() <= 6_553_599);

    /**
     * ZMQ_METADATA: application properties announced in READY. Names start with {@code X-} and
     * use ZMTP's property-name characters (letters, digits, {@code - _ . +}), at most 255 of them.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final SocketOption<Map<String, String>> METADATA =
            new SocketOption<Map<String, String>>("metadata", (Class) Map.class, Map.of(),
                    v -> v.keySet().stream().allMatch(SocketOption::isApplicationPropertyName));

    // ---- security ------------------------------------------------------------------------------
    // Secrets (PLAIN_PASSWORD, CURVE_SECRET_KEY) are never printed: toString() is the option's
    // name and validation messages describe a value by its length only.

    /**
     * ZMQ_PLAIN_SERVER: this socket is the server of the PLAIN mechanism and authenticates
     * clients through ZAP. As in libzmq 4.3, a PLAIN server with no ZAP handler and no
     * authenticator (see {@link ZmqContext#setAuthenticator}) refuses every client. Default false.
     */
    public static final SocketOption<Boolean> PLAIN_SERVER =
            new SocketOption<>("plain-server", Boolean.class, false, v -> true);

    /** ZMQ_PLAIN_USERNAME: the user name a PLAIN client sends (at most 255 bytes of UTF-8); setting it makes the socket a PLAIN client. */
    public static final SocketOption<String> PLAIN_USERNAME =
            new SocketOption<>("plain-username", String.class, null, SocketOption::fitsInOctet);

    /** ZMQ_PLAIN_PASSWORD: the password a PLAIN client sends (at most 255 bytes of UTF-8). Never logged. */
    public static final SocketOption<String> PLAIN_PASSWORD =
            new SocketOption<>("plain-password", String.class, null, SocketOption::fitsInOctet, true);

    /**
     * ZMQ_CURVE_SERVER: this socket is the server of the CURVE mechanism; it needs
     * {@link #CURVE_SECRET_KEY}. Without a ZAP handler or authenticator it accepts any client
     * (encryption without authentication, as libzmq does). Default false.
     */
    public static final SocketOption<Boolean> CURVE_SERVER =
            new SocketOption<>("curve-server", Boolean.class, false, v -> true);

    /**
     * ZMQ_CURVE_PUBLICKEY: this socket's long-term public key, 32 bytes (or its 40-character Z85
     * text as ASCII bytes); a CURVE client needs it, or derives it from {@link #CURVE_SECRET_KEY}.
     * For Z85 strings see {@link CurveKeyPair#decodeKey(String)}.
     */
    public static final SocketOption<byte[]> CURVE_PUBLIC_KEY =
            new SocketOption<>("curve-public-key", byte[].class, null, SocketOption::isCurveKey);

    /** ZMQ_CURVE_SECRETKEY: this socket's long-term secret key, 32 bytes (or 40 bytes of Z85 text). Never logged. */
    public static final SocketOption<byte[]> CURVE_SECRET_KEY =
            new SocketOption<>("curve-secret-key", byte[].class, null, SocketOption::isCurveKey, true);

    /**
     * ZMQ_CURVE_SERVERKEY: the server's long-term public key, 32 bytes (or 40 bytes of Z85
     * text); setting it makes the socket a CURVE client.
     */
    public static final SocketOption<byte[]> CURVE_SERVER_KEY =
            new SocketOption<>("curve-server-key", byte[].class, null, SocketOption::isCurveKey);

    /** ZMQ_ZAP_DOMAIN: the domain sent in ZAP requests (at most 255 bytes); setting it also makes a NULL socket ask ZAP. Default empty. */
    public static final SocketOption<String> ZAP_DOMAIN =
            new SocketOption<>("zap-domain", String.class, "", SocketOption::fitsInOctet);

    // ---- request-reply and routing (libzmq 4.3 semantics) ------------------------------------------

    /**
     * ZMQ_REQ_RELAXED: a REQ may send a new request before the reply to the last one came (a
     * lost reply no longer leaves it stuck in EFSM). The new request goes to the next peer in
     * turn, the outstanding one is abandoned and anything already received is discarded. Only
     * the reply to the newest request is delivered when {@link #REQ_CORRELATE} is on too; without
     * it a late reply to the abandoned request from the same peer is taken for the new one's.
     * Default false (strict alternation).
     */
    public static final SocketOption<Boolean> REQ_RELAXED =
            new SocketOption<>("req-relaxed", Boolean.class, false, v -> true, SocketType.REQ);

    /**
     * ZMQ_REQ_CORRELATE: a REQ puts a request id frame (4 bytes, a counter that starts at a random
     * value, in the byte order libzmq uses on x86: little-endian) in front of each request's
     * delimiter and accepts only a reply that carries the same id back, so a late reply to an
     * abandoned request is dropped. REP and ROUTER peers keep the frame in the envelope. Default
     * false.
     */
    public static final SocketOption<Boolean> REQ_CORRELATE =
            new SocketOption<>("req-correlate", Boolean.class, false, v -> true, SocketType.REQ);

    /**
     * ZMQ_ROUTER_HANDOVER: when a peer announces a routing id that another peer of this ROUTER
     * already has, the newcomer takes the id over and the old peer's connection is closed (what
     * it sent before is still delivered, under a generated id). That is what a client with a
     * fixed routing id needs when it reconnects while its old connection is still half-open.
     * Without it (default false) the newcomer is refused, as in libzmq: its connection closes
     * with a DISCONNECTED event whose reason says the routing id is in use.
     */
    public static final SocketOption<Boolean> ROUTER_HANDOVER =
            new SocketOption<>("router-handover", Boolean.class, false, v -> true, SocketType.ROUTER);

    /** {@link #ROUTER_NOTIFY} flag: deliver a notification when a peer connects (libzmq's ZMQ_NOTIFY_CONNECT). */
    public static final int NOTIFY_CONNECT = 1;
    /** {@link #ROUTER_NOTIFY} flag: deliver a notification when a peer disconnects (libzmq's ZMQ_NOTIFY_DISCONNECT). */
    public static final int NOTIFY_DISCONNECT = 2;

    /**
     * ZMQ_ROUTER_NOTIFY (libzmq draft): a ROUTER receives a two-frame message, the peer's routing
     * id and an empty frame, when a tcp or ipc peer completes its handshake
     * ({@link #NOTIFY_CONNECT}) and when its connection ends after that ({@link #NOTIFY_DISCONNECT});
     * the value is the flags or-ed together. A connect notification comes before the peer's first
     * message, a disconnect notification after its last. Default 0 (none).
     */
    public static final SocketOption<Integer> ROUTER_NOTIFY =
            new SocketOption<>("router-notify", Integer.class, 0, v -> v >= 0 && v <= (NOTIFY_CONNECT | NOTIFY_DISCONNECT));

    /**
     * ZMQ_PROBE_ROUTER: a ROUTER, DEALER or REQ sends an empty message to each new peer as soon as
     * it is attached (before anything else), so that a ROUTER peer learns this socket's routing id
     * without waiting for a first real message. Other socket types ignore it. Default false.
     */
    public static final SocketOption<Boolean> PROBE_ROUTER =
            new SocketOption<>("probe-router", Boolean.class, false, v -> true);

    /**
     * ZMQ_CONNECT_ROUTING_ID: the routing id a ROUTER or STREAM gives the peer of its next
     * {@code connect} (1 to 255 bytes), instead of the id the peer announces or a generated one. It
     * is used by that one {@code connect} only, then cleared, as in libzmq; a STREAM refuses an id
     * one of its peers already has (EINVAL). Other socket types ignore it.
     */
    public static final SocketOption<byte[]> CONNECT_ROUTING_ID =
            new SocketOption<>("connect-routing-id", byte[].class, null, v -> v == null || (v.length >= 1 && v.length <= 255));

    /**
     * ZMQ_HELLO_MSG (libzmq draft): a single-frame message a ROUTER, DEALER, SERVER, CLIENT or
     * PEER sends to each peer as the very first message of every new tcp, ipc or inproc
     * connection (again after each reconnect), before anything the application sent. {@code null} or empty: none (default).
     */
    public static final SocketOption<byte[]> HELLO_MSG =
            new SocketOption<>("hello-msg", byte[].class, null, v -> true);

    /**
     * ZMQ_DISCONNECT_MSG (libzmq draft): a ROUTER, SERVER or PEER receives this message, as if the
     * peer had sent it (after the peer's routing id frame on a ROUTER, with the peer's routing id
     * on a SERVER or PEER), when the tcp or ipc connection of a peer that connected to it ends
     * after a completed handshake, and when an inproc socket connected to it closes or
     * disconnects (as libzmq 4.3.5 does). Not for connections this socket made itself.
     * {@code null} or empty: none (default).
     */
    public static final SocketOption<byte[]> DISCONNECT_MSG =
            new SocketOption<>("disconnect-msg", byte[].class, null, v -> true);

    /**
     * ZMQ_HICCUP_MSG (libzmq draft): a DEALER, CLIENT or PEER receives this message, as if the
     * peer had sent it, when a tcp or ipc connection it made ends after a completed handshake (it
     * is about to reconnect, and the peer may have lost state). Not over inproc, which never
     * reconnects (libzmq sends it from a session only). {@code null} or empty: none (default).
     */
    public static final SocketOption<byte[]> HICCUP_MSG =
            new SocketOption<>("hiccup-msg", byte[].class, null, v -> true);

    // ---- publish/subscribe (issue 12) ----------------------------------------------------------

    /**
     * ZMQ_CONFLATE: keep only the newest message in each pipe's queue, for a feed where only the
     * last value matters; the high-water marks no longer apply to that queue (it never fills, so a
     * PUB never drops and a PUSH never blocks). Conflation works per pipe and on the direction
     * that carries data: outgoing on PUB and PUSH, incoming on SUB and PULL, both on DEALER.
     * Subscriptions are never conflated (libzmq 4.3 conflates them too and so loses all but a
     * socket's last subscription). As in libzmq, a conflated queue holds one frame: of a
     * multipart message only the last frame is kept, so use single-frame messages. Default false.
     */
    public static final SocketOption<Boolean> CONFLATE =
            new SocketOption<>("conflate", Boolean.class, false, v -> true,
                    SocketType.DEALER, SocketType.PULL, SocketType.PUSH, SocketType.PUB, SocketType.SUB);

    /**
     * ZMQ_XPUB_NODROP: when a subscriber is at its high-water mark, {@code send} waits (up to the
     * send timeout, then EAGAIN; a non-blocking send returns false) until every subscriber the
     * message goes to has room, instead of dropping the message for that subscriber. Default false.
     */
    public static final SocketOption<Boolean> XPUB_NODROP =
            new SocketOption<>("xpub-nodrop", Boolean.class, false, v -> true, SocketType.PUB, SocketType.XPUB,
                    SocketType.RADIO);

    /**
     * ZMQ_XPUB_MANUAL: the XPUB does not apply its peers' subscriptions itself; it hands each one
     * (and each unsubscription, including those of a peer that goes away) to the application,
     * which then calls {@code subscribe}/{@code unsubscribe} on the XPUB to apply a topic for
     * the peer whose subscription it received last. Default false.
     */
    public static final SocketOption<Boolean> XPUB_MANUAL =
            new SocketOption<>("xpub-manual", Boolean.class, false, v -> true, SocketType.XPUB);

    /**
     * ZMQ_XPUB_MANUAL_LAST_VALUE: {@link #XPUB_MANUAL}, and the first message sent after a
     * subscription was received goes to the peer that subscribed only (if its subscriptions
     * match), so a last-value cache can bring a new subscriber up to date without repeating the
     * value to everyone. Default false.
     */
    public static final SocketOption<Boolean> XPUB_MANUAL_LAST_VALUE =
            new SocketOption<>("xpub-manual-last-value", Boolean.class, false, v -> true, SocketType.XPUB);

    /**
     * ZMQ_XPUB_VERBOSER: {@link #XPUB_VERBOSE} for unsubscriptions too: the XPUB hands the
     * application every unsubscription, not only the one that leaves a topic without
     * subscribers. Default false.
     */
    public static final SocketOption<Boolean> XPUB_VERBOSER =
            new SocketOption<>("xpub-verboser", Boolean.class, false, v -> true, SocketType.XPUB);

    /**
     * ZMQ_XPUB_WELCOME_MSG: a message sent to each new subscriber as it attaches, before any
     * other; the subscriber receives it only if it subscribes to a prefix of it. Sent with
     * {@link #XPUB_MANUAL} too, without the application subscribing the peer. {@code null} or
     * empty (default) sends none.
     */
    public static final SocketOption<byte[]> XPUB_WELCOME_MSG =
            new SocketOption<>("xpub-welcome-msg", byte[].class, null, v -> true, SocketType.PUB, SocketType.XPUB);

    /**
     * ZMQ_XSUB_VERBOSE_UNSUBSCRIBE: an XSUB passes every unsubscription upstream, not only the
     * one that takes a topic's count to zero. Default false.
     */
    public static final SocketOption<Boolean> XSUB_VERBOSE_UNSUBSCRIBE =
            new SocketOption<>("xsub-verbose-unsubscribe", Boolean.class, false, v -> true, SocketType.XSUB);

    /**
     * ZMQ_ONLY_FIRST_SUBSCRIBE: a multipart message whose first frame is a subscription
     * ({@code 0x01}/{@code 0x00} + topic) carries subscriptions and data: as libzmq 4.3 reads it,
     * each of its frames that is a subscription applies and the others are data. An XSUB applies
     * them and forwards the whole message, an XPUB applies them and hands the application the
     * data frames as one message. Without it (default) only a single-frame message is a
     * subscription and a multipart one is data.
     */
    public static final SocketOption<Boolean> ONLY_FIRST_SUBSCRIBE =
            new SocketOption<>("only-first-subscribe", Boolean.class, false, v -> true, SocketType.XPUB, SocketType.XSUB);

    /**
     * ZMQ_INVERT_MATCHING: turn filtering around. A PUB or XPUB sends each message to the peers
     * with no subscription matching it; a SUB receives only messages that match none of its
     * subscriptions. Set it on both ends: a SUB that inverts needs publishers that invert, or it
     * receives nothing. Default false.
     */
    public static final SocketOption<Boolean> INVERT_MATCHING =
            new SocketOption<>("invert-matching", Boolean.class, false, v -> true,
                    SocketType.PUB, SocketType.XPUB, SocketType.SUB);

    // ---- tcp socket options (issue 12) ---------------------------------------------------------

    /**
     * ZMQ_SNDBUF: SO_SNDBUF of each tcp connection (and of the listener, which its accepted
     * connections inherit), in bytes; -1 (default) leaves the OS default, as in libzmq 4.3. The
     * kernel adjusts the value (Linux doubles it for its own bookkeeping, caps it at
     * {@code net.core.wmem_max} and raises it to its minimum).
     */
    public static final SocketOption<Integer> SEND_BUFFER_SIZE =
            new SocketOption<>("send-buffer-size", Integer.class, -1, v -> v >= -1);

    /**
     * ZMQ_RCVBUF: SO_RCVBUF of each tcp connection, in bytes; -1 (default) leaves the OS default.
     * Set before the connection is made (on the listener for accepted ones), so that the TCP
     * window scale agreed in the handshake fits it; the kernel adjusts it as for SO_SNDBUF.
     */
    public static final SocketOption<Integer> RECEIVE_BUFFER_SIZE =
            new SocketOption<>("receive-buffer-size", Integer.class, -1, v -> v >= -1);

    /**
     * ZMQ_BACKLOG: the length of the queue of tcp and ipc connections the kernel has completed
     * but the socket has not yet accepted ({@code listen(2)}'s backlog; Linux caps it at
     * {@code net.core.somaxconn}). Default 100, as in libzmq.
     */
    public static final SocketOption<Integer> BACKLOG =
            new SocketOption<>("backlog", Integer.class, 100, v -> v >= 0);

    /**
     * ZMQ_TOS: the IP type-of-service byte (DSCP and ECN bits) of every tcp connection and
     * listener, IP_TOS for IPv4 and IPV6_TCLASS for IPv6; 0 to 255, default 0.
     */
    public static final SocketOption<Integer> TYPE_OF_SERVICE =
            new SocketOption<>("type-of-service", Integer.class, 0, v -> v >= 0 && v <= 255);

    /**
     * ZMQ_IPV6: tcp endpoints may be IPv6. Off (default, as in libzmq) a socket is IPv4 only:
     * {@code tcp://*:port} listens on 0.0.0.0, host names resolve to IPv4 addresses, and an IPv6
     * literal such as {@code tcp://[::1]:5555} is refused by bind and connect (libzmq's bind fails
     * with ENODEV, its connect retries for ever). On, {@code tcp://*:port} listens dual-stack on
     * {@code [::]} (IPv4 peers arrive as IPv4-mapped addresses) and host names resolve to either
     * family.
     */
    public static final SocketOption<Boolean> IPV6 =
            new SocketOption<>("ipv6", Boolean.class, false, v -> true);

    /**
     * ZMQ_ZAP_ENFORCE_DOMAIN: follow RFC 27 strictly where a ZAP domain is set: a NULL or CURVE
     * server with a {@link #ZAP_DOMAIN} but no ZAP handler (nor authenticator) refuses every
     * client, instead of letting them in unauthenticated. As in libzmq 4.3, a NULL socket with an
     * empty domain never asks ZAP either way, a CURVE server with an empty domain does not ask
     * ZAP when this is on (encryption without authentication), and a PLAIN server needs a domain
     * (bind and connect refuse one without; libzmq aborts). Default false.
     */
    public static final SocketOption<Boolean> ZAP_ENFORCE_DOMAIN =
            new SocketOption<>("zap-enforce-domain", Boolean.class, false, v -> true);

    /**
     * ZMQ_BINDTODEVICE: ties every tcp connection and listener of the socket to one network
     * interface or VRF (SO_BINDTODEVICE; Linux, at most 15 bytes), so that only packets of that
     * device reach it and its addresses come from that device's routing table; {@code null}
     * (default) for none. Needs the epoll or io_uring transport: the JDK has no such option, so
     * on NIO bind and connect fail with ENOTSUP. Before Linux 5.7 the process needs CAP_NET_RAW.
     */
    public static final SocketOption<String> BIND_TO_DEVICE =
            new SocketOption<>("bind-to-device", String.class, null, SocketOption::isDeviceName);

    /**
     * ZMQ_AFFINITY: which of the context's I/O threads the socket's later tcp and ipc connections
     * (and listeners) run on, as a bit mask: bit 0 is the first thread, bit 1 the second, and so
     * on; each new connection goes to the allowed thread carrying the fewest connections, as in
     * libzmq. 0 (default) allows every thread. A mask naming none of the context's threads makes
     * bind and connect fail with EINVAL (libzmq: EMTHREAD). inproc has no I/O thread.
     */
    public static final SocketOption<Long> AFFINITY =
            new SocketOption<>("affinity", Long.class, 0L, v -> true);

    /**
     * ZMQ_SOCKS_PROXY: connect every tcp endpoint through this SOCKS5 proxy, {@code host:port}
     * (an IPv6 proxy as {@code [addr]:port}); {@code null} (default) connects directly. As in
     * libzmq, a host name in the endpoint is not resolved here but handed to the proxy, an IPv6
     * destination needs no {@link #IPV6} (the proxy reaches it), and bind is not affected. A
     * proxy that refuses shows as CONNECT_RETRIED with the reason.
     */
    public static final SocketOption<String> SOCKS_PROXY =
            new SocketOption<>("socks-proxy", String.class, null, SocketOption::isProxyAddress);

    /**
     * ZMQ_SOCKS_USERNAME: with a non-empty value, the socket authenticates to its
     * {@link #SOCKS_PROXY} by username and password (RFC 1929) with {@link #SOCKS_PASSWORD};
     * {@code null} or empty (default) offers no authentication. At most 255 bytes of UTF-8.
     */
    public static final SocketOption<String> SOCKS_USERNAME =
            new SocketOption<>("socks-username", String.class, null, SocketOption::fitsInOctet);

    /** ZMQ_SOCKS_PASSWORD: the password sent with {@link #SOCKS_USERNAME} (at most 255 bytes of UTF-8). Never logged. */
    public static final SocketOption<String> SOCKS_PASSWORD =
            new SocketOption<>("socks-password", String.class, null, SocketOption::fitsInOctet, true);

    /**
     * ZMQ_PRIORITY (a libzmq draft): the Linux SO_PRIORITY of every tcp connection, the queueing
     * priority of its packets; 0 (default) leaves it alone. Values above 6 need CAP_NET_ADMIN.
     * Needs the epoll or io_uring transport: on NIO, which the JDK gives no such option, bind
     * and connect fail with ENOTSUP.
     */
    public static final SocketOption<Integer> PRIORITY =
            new SocketOption<>("priority", Integer.class, 0, v -> v >= 0);

    /**
     * ZMQ_USE_FD: a listening socket descriptor that the next tcp or ipc {@code bind}s adopt instead
     * of opening their own, as systemd socket activation hands a service (descriptors from 3 on,
     * {@code LISTEN_FDS}); -1 (default) opens a new one. As in libzmq the descriptor must already
     * be bound and listening, with its kernel options (buffer sizes, TOS, SO_REUSEADDR) set by
     * whoever made it; the address in the endpoint is not used, {@code lastEndpoint()} reports the
     * descriptor's own, and unbind or close closes the descriptor (an ipc file is left in place).
     * Needs the epoll transport: Netty 4.2's io_uring server channels and the JDK's NIO cannot
     * take an existing descriptor, so there bind fails with ENOTSUP.
     */
    public static final SocketOption<Integer> USE_FD =
            new SocketOption<>("use-fd", Integer.class, -1, v -> v >= -1);

    /**
     * ZMQ_MULTICAST_LOOP: whether a RADIO's multicast datagrams over {@code udp://}
     * are looped back to sockets on the sending host (IP_MULTICAST_LOOP). Default true, as in
     * libzmq. Read when the socket connects.
     */
    public static final SocketOption<Boolean> MULTICAST_LOOP =
            new SocketOption<>("multicast-loop", Boolean.class, true, v -> true, SocketType.RADIO);

    /**
     * ZMQ_MULTICAST_HOPS: the TTL of a RADIO's multicast datagrams over {@code udp://}
     * (IP_MULTICAST_TTL): 1 (default, as in libzmq) keeps them on the local network. Read when the
     * socket connects.
     */
    public static final SocketOption<Integer> MULTICAST_HOPS =
            new SocketOption<>("multicast-hops", Integer.class, 1, v -> v >= 1 && v <= 255, SocketType.RADIO);

    // ---- read-only (issue 12): getOption answers them from the socket, setOption refuses them ---

    /** ZMQ_TYPE: the socket's type, as {@link ZmqSocket#type()}. Read-only. */
    public static final SocketOption<SocketType> TYPE = readOnly("type", SocketType.class);

    /**
     * ZMQ_MECHANISM: the security mechanism the socket's options select now, by its ZMTP name:
     * {@code "NULL"}, {@code "PLAIN"} or {@code "CURVE"} (libzmq answers ZMQ_NULL, ZMQ_PLAIN,
     * ZMQ_CURVE). Read-only.
     */
    public static final SocketOption<String> MECHANISM = readOnly("mechanism", String.class);

    /**
     * ZMQ_RCVMORE: whether the message whose first frames {@link ZmqSocket#receiveBytes()} took
     * has more frames to come, as {@link ZmqSocket#hasReceiveMore()}. Read-only.
     */
    public static final SocketOption<Boolean> RECEIVE_MORE = readOnly("receive-more", Boolean.class);

    /**
     * ZMQ_LAST_ENDPOINT: the endpoint last bound or connected, a wildcard port resolved, as
     * {@link ZmqSocket#lastEndpoint()}; {@code null} before the first. Read-only.
     */
    public static final SocketOption<String> LAST_ENDPOINT = readOnly("last-endpoint", String.class);

    /**
     * ZMQ_THREAD_SAFE: whether the socket may be used from several threads at once. Always true
     * in Monocoque, for every type (libzmq says true only for its draft thread-safe types).
     * Read-only.
     */
    public static final SocketOption<Boolean> THREAD_SAFE = readOnly("thread-safe", Boolean.class);

    /**
     * ZMQ_EVENTS: what the socket can do now without waiting, as a bitmask of
     * {@link ZmqPoller#POLLIN} (a message can be received) and {@link ZmqPoller#POLLOUT} (one can
     * be sent); 0 once the socket is closed. Level-triggered, as libzmq's: a socket with two
     * messages queued is still readable after one receive. To wait for either, use a
     * {@link ZmqPoller}. Read-only.
     */
    public static final SocketOption<Integer> EVENTS = readOnly("events", Integer.class);

    /**
     * ZMQ_TOPICS_COUNT (libzmq 4.3.5 draft): how many distinct topic prefixes the socket's
     * subscriptions hold now: on a SUB or XSUB the ones it subscribed to, on a PUB or XPUB the
     * ones its peers' subscriptions (or, with {@link #XPUB_MANUAL}, the application) applied. A
     * prefix subscribed twice counts once. Other socket types refuse it with EINVAL, as libzmq
     * does. Read-only.
     */
    public static final SocketOption<Integer> TOPICS_COUNT = readOnly("topics-count", Integer.class);

    // ---- STREAM (issue 13) -----------------------------------------------------------------------

    /**
     * ZMQ_STREAM_NOTIFY: a STREAM receives {@code [routing id][empty frame]} when a connection
     * opens (before any data from it) and again when it closes (after the last data), so the
     * application learns each peer's routing id and its end. Default true, as in libzmq.
     */
    public static final SocketOption<Boolean> STREAM_NOTIFY =
            new SocketOption<>("stream-notify", Boolean.class, true, v -> true, SocketType.STREAM);

    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final Predicate<T> validator;
    private final boolean secret;
    /** The socket types the option applies to; empty: every type. */
    private final Set<SocketType> socketTypes;
    private final boolean readOnly;

    private SocketOption(String name, Class<T> type, T defaultValue, Predicate<T> validator) {
        this(name, type, defaultValue, validator, false);
    }

    private SocketOption(String name, Class<T> type, T defaultValue, Predicate<T> validator, boolean secret) {
        this(name, type, defaultValue, validator, secret, Set.of(), false);
    }

    private SocketOption(String name, Class<T> type, T defaultValue, Predicate<T> validator, SocketType first,
            SocketType... more) {
        this(name, type, defaultValue, validator, false, EnumSet.of(first, more), false);
    }

    private SocketOption(String name, Class<T> type, T defaultValue, Predicate<T> validator, boolean secret,
            Set<SocketType> socketTypes, boolean readOnly) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.validator = validator;
        this.secret = secret;
        this.socketTypes = Collections.unmodifiableSet(socketTypes);
        this.readOnly = readOnly;
    }

    /** Whether the option means something on a socket of type {@code socketType}. */
    public boolean appliesTo(SocketType socketType) {
        return socketTypes.isEmpty() || socketTypes.contains(socketType);
    }

    /** The socket types the option applies to; empty when it applies to every type. */
    public Set<SocketType> socketTypes() {
        return socketTypes;
    }

    /**
     * Checks that the option applies to {@code socketType}.
     *
     * @throws ZmqException ({@link ZmqError#EINVAL}) naming the types it does apply to
     */
    public void checkAppliesTo(SocketType socketType, String socketName) {
        if (!appliesTo(socketType)) {
            throw new ZmqException(ZmqError.EINVAL, socketName + ": socket option " + name + " applies to "
                    + socketTypes.stream().map(SocketType::name).collect(java.util.stream.Collectors.joining(", "))
                    + " sockets only, not to " + (socketType.name().startsWith("X") ? "an " : "a ") + socketType);
        }
    }

    private static <T> SocketOption<T> readOnly(String name, Class<T> type) {
        return new SocketOption<>(name, type, null, v -> false, false, Set.of(), true);
    }

    /** Whether the option only tells something about the socket ({@link #TYPE}, {@link #LAST_ENDPOINT}, ...) and cannot be set. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Whether the option holds a secret (a password or a secret key), which is never printed. */
    public boolean isSecret() {
        return secret;
    }

    /** The option's kebab-case name, as used in configuration. */
    public String name() {
        return name;
    }

    /** The option's value type. */
    public Class<T> type() {
        return type;
    }

    /** The value a new socket starts with. */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * Checks {@code value} and returns it.
     *
     * @throws ZmqException ({@link ZmqError#EINVAL}) for a value the option does not accept, or
     *     for any value of a {@linkplain #isReadOnly() read-only} option
     */
    public T validate(T value) {
        if (readOnly) {
            throw new ZmqException(ZmqError.EINVAL, "socket option " + name + " is read-only");
        }
        if (value == null && defaultValue != null) {
            throw new ZmqException(ZmqError.EINVAL, "socket option " + name + " cannot be null");
        }
        if (value != null && (!type.isInstance(value) || !validator.test(value))) {
            throw new ZmqException(ZmqError.EINVAL, "invalid value for socket option " + name + ": "
                    + (secret ? "(secret, not shown)" : describe(value)));
        }
        return value;
    }

    private static boolean isApplicationPropertyName(String name) {
        return name.length() > 2 && name.length() <= 255 && name.regionMatches(true, 0, "X-", 0, 2)
                && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_' || c == '.' || c == '+');
    }

    private static boolean isWholePositiveSeconds(Duration d) {
        return d.getNano() == 0 && d.getSeconds() >= 1 && d.getSeconds() <= Integer.MAX_VALUE;
    }

    /** A Linux interface name: 1 to 15 bytes (IFNAMSIZ with its NUL), no NUL, '/' or white space. */
    private static boolean isDeviceName(String s) {
        int bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return bytes >= 1 && bytes <= 15 && s.chars().noneMatch(c -> c == 0 || c == '/' || Character.isWhitespace(c));
    }

    /** {@code host:port} of one concrete proxy, as a tcp endpoint without its scheme. */
    private static boolean isProxyAddress(String s) {
        try {
            io.monocoque.zmq.transport.Endpoint.parse("tcp://" + s).validateForConnect();
            return true;
        } catch (ZmqException e) {
            return false;
        }
    }

    private static boolean fitsInOctet(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255;
    }

    /** 32 raw bytes, or the 40 ASCII characters of its Z85 text, as zmq_setsockopt takes them. */
    private static boolean isCurveKey(byte[] key) {
        if (key.length == 32) {
            return true;
        }
        if (key.length != 40) {
            return false;
        }
        try {
            return io.monocoque.zmq.keys.Z85.decode(new String(key, java.nio.charset.StandardCharsets.US_ASCII)).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String describe(Object value) {
        if (value instanceof byte[]) {
            return ((byte[]) value).length + " bytes";
        }
        return Objects.toString(value);
    }

    /**
     * Every option this class defines, sorted by name: what configuration layers (such as the
     * Spring Boot starter) offer by name.
     */
    public static java.util.List<SocketOption<?>> all() {
        return Registry.ALL;
    }

    /**
     * The option whose {@linkplain #name() name} is {@code name} (kebab-case, as in
     * configuration), or empty.
     */
    public static java.util.Optional<SocketOption<?>> forName(String name) {
        return java.util.Optional.ofNullable(Registry.BY_NAME.get(name));
    }

    /** The public constants above, collected once, when first asked for. */
    private static final class Registry {

        static final java.util.List<SocketOption<?>> ALL;
        static final Map<String, SocketOption<?>> BY_NAME;

        static {
            java.util.List<SocketOption<?>> all = new java.util.ArrayList<>();
            Map<String, SocketOption<?>> byName = new java.util.LinkedHashMap<>();
            for (java.lang.reflect.Field f : SocketOption.class.getFields()) {
                int m = f.getModifiers();
                if (java.lang.reflect.Modifier.isStatic(m) && f.getType() == SocketOption.class) {
                    try {
                        SocketOption<?> option = (SocketOption<?>) f.get(null);
                        all.add(option);
                        if (byName.put(option.name(), option) != null) {
                            throw new IllegalStateException("two socket options are named " + option.name());
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            all.sort(java.util.Comparator.comparing(SocketOption::name));
            ALL = java.util.List.copyOf(all);
            BY_NAME = java.util.Collections.unmodifiableMap(byName);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
