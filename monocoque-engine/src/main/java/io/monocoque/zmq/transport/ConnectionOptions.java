package io.monocoque.zmq.transport;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.session.SessionConfig;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.security.SecurityOptions;
import io.monocoque.zmq.auth.ZapClient;
import io.monocoque.zmq.pipe.Conflation;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.PipeHost;
import io.monocoque.zmq.wire.Metadata;

import java.time.Duration;
import java.util.Map;

/**
 * The socket options a connection is made with, read once when the endpoint is bound or
 * connected (libzmq applies options the same way: to later connections only).
 */
record ConnectionOptions(
        SocketType socketType,
        long handshakeNanos,
        long maxMessageSize,
        byte[] routingId,
        Map<String, String> metadata,
        long reconnectNanos,
        long reconnectMaxNanos,
        int reconnectStop,
        int useFd,
        boolean immediate,
        Boolean tcpKeepalive,
        Integer tcpKeepaliveIdleSeconds,
        Integer tcpKeepaliveIntervalSeconds,
        Integer tcpKeepaliveCount,
        int tcpMaxRetransmitMillis,
        int connectTimeoutMillis,
        int sendBufferSize,
        int receiveBufferSize,
        int backlog,
        int typeOfService,
        boolean ipv6,
        String bindToDevice,
        long affinity,
        String socksProxy,
        String socksUsername,
        String socksPassword,
        int priority,
        long heartbeatIntervalNanos,
        long heartbeatTimeoutNanos,
        long heartbeatTtlNanos,
        SecurityOptions security,
        String zapDomain,
        boolean zapEnforceDomain,
        ZapClient zap,
        Conflation conflation,
        Metadata readyMetadata) {

    static ConnectionOptions of(PipeHost socket) {
        return of(socket, null);
    }

    static ConnectionOptions of(PipeHost socket, ZapClient zap) {
        SocketType type = socket.type();
        byte[] routingId = socket.getOption(SocketOption.ROUTING_ID);
        Map<String, String> metadata = socket.getOption(SocketOption.METADATA);
        return new ConnectionOptions(
                type,
                socket.getOption(SocketOption.HANDSHAKE_INTERVAL).toNanos(),
                socket.getOption(SocketOption.MAX_MESSAGE_SIZE),
                routingId,
                metadata,
                socket.getOption(SocketOption.RECONNECT_INTERVAL).toNanos(),
                socket.getOption(SocketOption.RECONNECT_INTERVAL_MAX).toNanos(),
                socket.getOption(SocketOption.RECONNECT_STOP),
                socket.getOption(SocketOption.USE_FD),
                socket.getOption(SocketOption.IMMEDIATE),
                socket.getOption(SocketOption.TCP_KEEPALIVE),
                seconds(socket.getOption(SocketOption.TCP_KEEPALIVE_IDLE)),
                seconds(socket.getOption(SocketOption.TCP_KEEPALIVE_INTERVAL)),
                socket.getOption(SocketOption.TCP_KEEPALIVE_COUNT),
                (int) socket.getOption(SocketOption.TCP_MAX_RETRANSMIT_TIMEOUT).toMillis(),
                (int) socket.getOption(SocketOption.CONNECT_TIMEOUT).toMillis(),
                socket.getOption(SocketOption.SEND_BUFFER_SIZE),
                socket.getOption(SocketOption.RECEIVE_BUFFER_SIZE),
                socket.getOption(SocketOption.BACKLOG),
                socket.getOption(SocketOption.TYPE_OF_SERVICE),
                socket.getOption(SocketOption.IPV6),
                socket.getOption(SocketOption.BIND_TO_DEVICE),
                socket.getOption(SocketOption.AFFINITY),
                socket.getOption(SocketOption.SOCKS_PROXY),
                socket.getOption(SocketOption.SOCKS_USERNAME),
                socket.getOption(SocketOption.SOCKS_PASSWORD),
                socket.getOption(SocketOption.PRIORITY),
                socket.getOption(SocketOption.HEARTBEAT_INTERVAL).toNanos(),
                heartbeatTimeout(socket),
                socket.getOption(SocketOption.HEARTBEAT_TTL).toNanos(),
                SecurityOptions.of(socket::getOption),
                socket.getOption(SocketOption.ZAP_DOMAIN),
                socket.getOption(SocketOption.ZAP_ENFORCE_DOMAIN),
                zap,
                Conflation.of(socket),
                readyMetadata(type, routingId, metadata));
    }

    /** A heartbeat timeout below zero means the heartbeat interval, as in libzmq. */
    private static long heartbeatTimeout(PipeHost socket) {
        Duration timeout = socket.getOption(SocketOption.HEARTBEAT_TIMEOUT);
        return timeout.isNegative() ? socket.getOption(SocketOption.HEARTBEAT_INTERVAL).toNanos() : timeout.toNanos();
    }

    private static Integer seconds(Duration d) {
        return d == null ? null : (int) d.getSeconds();
    }

    /** Whether a failed or lost connection is dialled again: a reconnect interval of zero or less never is, as in libzmq. */
    boolean reconnects() {
        return reconnectNanos > 0;
    }

    /** Whether {@code flag} of RECONNECT_STOP is set. */
    boolean stopsOn(int flag) {
        return (reconnectStop & flag) != 0;
    }

    /**
     * A new pipe pair for a connection of {@code socket}, the socket's end first, with the
     * conflation of these options and the socket's high-water marks as they are now (they apply
     * to pipes already made too, unlike the other options).
     */
    Pipe[] pipePair(PipeHost socket) {
        return Pipe.pair(socket.getOption(SocketOption.SEND_HIGH_WATER_MARK), socket.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK),
                conflation);
    }

    /**
     * A strict ({@code ZAP_ENFORCE_DOMAIN}) PLAIN server must name its ZAP domain: libzmq 4.3
     * aborts the process on its first client otherwise; here bind and connect say so.
     */
    void checkZapDomain(String socketName, Endpoint e) {
        if (zapEnforceDomain && zapDomain.isEmpty() && security.plainServer()) {
            throw new ZmqException(ZmqError.EINVAL, socketName + ": cannot use " + e + ": a PLAIN server with "
                    + SocketOption.ZAP_ENFORCE_DOMAIN + " needs a " + SocketOption.ZAP_DOMAIN);
        }
    }

    /** What the session of a connection to or from {@code endpoint} is made with. */
    SessionConfig sessionConfig(String endpoint) {
        return new SessionConfig(socketType, endpoint, readyMetadata(), zapDomain, zapEnforceDomain, maxMessageSize, handshakeNanos,
                heartbeatIntervalNanos, heartbeatTimeoutNanos, heartbeatTtlNanos, routingId);
    }

    /**
     * What this side announces in READY: its type, its routing id where the type has one, and
     * application metadata. Made once for every connection of a bind or connect (it is immutable).
     */
    private static Metadata readyMetadata(SocketType socketType, byte[] routingId, Map<String, String> metadata) {
        Metadata.Builder b = Metadata.builder().put(Metadata.SOCKET_TYPE, socketType.wireName());
        if (routingId != null && (socketType == SocketType.REQ || socketType == SocketType.DEALER
                || socketType == SocketType.ROUTER)) {
            b.put(Metadata.IDENTITY, routingId);
        }
        metadata.forEach(b::put);
        return b.build();
    }

    /** Never shows the security options' secrets (the record's own toString would print the arrays' identities only, but be explicit). */
    @Override
    public String toString() {
        return "ConnectionOptions[" + socketType + ", " + security + "]";
    }

    static Duration nanos(long n) {
        return Duration.ofNanos(n);
    }
}
