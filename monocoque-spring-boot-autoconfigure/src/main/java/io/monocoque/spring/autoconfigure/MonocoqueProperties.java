package io.monocoque.spring.autoconfigure;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Monocoque's configuration: the ZeroMQ context, the sockets to create as beans, listener and
 * template defaults.
 *
 * <pre>
 * monocoque:
 *   io-threads: 1
 *   sockets:
 *     orders:
 *       type: pull
 *       bind: tcp://*:5557
 * </pre>
 */
@ConfigurationProperties(prefix = "monocoque", ignoreUnknownFields = false)
public class MonocoqueProperties {

    /**
     * Number of I/O threads of the ZeroMQ context. One thread moves about a gigabit of
     * messages per second; add threads only for more.
     */
    private int ioThreads = 1;

    /**
     * Netty transport for tcp:// and ipc:// connections. 'auto' picks epoll where it is
     * available, else NIO; 'io-uring' only when set (Netty 4.2.18's io_uring loop can corrupt
     * native memory when it shuts down).
     */
    private IoTransport transport = IoTransport.AUTO;

    /**
     * Sockets to create, by name: each becomes a ZmqSocket bean of that name (inject it with
     * the qualifier "name"), bound and connected when the application starts and closed when
     * it stops.
     */
    private Map<String, Socket> sockets = new LinkedHashMap<>();

    private final Listener listener = new Listener();

    private final Template template = new Template();

    private final Health health = new Health();

    private final Observation observation = new Observation();

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public IoTransport getTransport() {
        return transport;
    }

    public void setTransport(IoTransport transport) {
        this.transport = transport;
    }

    public Map<String, Socket> getSockets() {
        return sockets;
    }

    public void setSockets(Map<String, Socket> sockets) {
        this.sockets = sockets;
    }

    public Listener getListener() {
        return listener;
    }

    public Health getHealth() {
        return health;
    }

    public Template getTemplate() {
        return template;
    }

    public Observation getObservation() {
        return observation;
    }

    /** One socket: its type, where it binds and connects, and its options. */
    public static class Socket {

        /** Socket type: pair, pub, sub, req, rep, dealer, router, pull, push, xpub or xsub. */
        private SocketType type;

        /**
         * Endpoints to listen on: tcp://host:port ('*' for every interface or an ephemeral
         * port), ipc:///path or inproc://name.
         */
        private List<String> bind = new ArrayList<>();

        /** Endpoints to connect to; connections are made, and remade, in the background. */
        private List<String> connect = new ArrayList<>();

        /**
         * Topic prefixes a sub or xsub socket subscribes to ("" for everything). Without one,
         * a sub socket receives nothing, as in libzmq.
         */
        private List<String> subscribe = new ArrayList<>();

        /**
         * Groups a dish socket joins when it is created (exact names, at most 255 bytes of UTF-8,
         * no zero character). Without one, a dish receives nothing.
         */
        private List<String> groups = new ArrayList<>();

        /** Messages queued per peer before sending blocks (or pub drops); 0 is unlimited. */
        private int sendHighWaterMark = 1000;

        /** Messages queued per peer on the receiving side before that peer is held back; 0 is unlimited. */
        private int receiveHighWaterMark = 1000;

        /** How long a send blocks before failing; negative waits forever. */
        private Duration sendTimeout = Duration.ofMillis(-1);

        /** How long a receive blocks before failing; negative waits forever. */
        private Duration receiveTimeout = Duration.ofMillis(-1);

        /**
         * How long closing the socket waits to flush messages already sent; negative waits
         * forever (libzmq's default), which lets a missing peer hold up the application's
         * shutdown.
         */
        private Duration linger = Duration.ofSeconds(1);

        /** First delay before reconnecting a lost or refused connection; -1ms (or 0) never reconnects, as in libzmq. */
        private Duration reconnectInterval = Duration.ofMillis(100);

        /** Cap of the exponential reconnect backoff; 0 turns the backoff off. */
        private Duration reconnectIntervalMax = Duration.ZERO;

        /** Whether to queue messages only to peers whose connection is complete. */
        private boolean immediate = false;

        /** Time a new connection has to complete its ZMTP handshake; 0 turns the limit off. */
        private Duration handshakeInterval = Duration.ofSeconds(30);

        /**
         * Largest message accepted from a peer; a larger one closes that peer's connection (and
         * only that one). -1 is no limit, the engine's and libzmq's default; the starter's is
         * 1MB (1 MiB), so that no peer can make the application buffer more.
         */
        private DataSize maxMessageSize = DataSize.ofMegabytes(1);

        /** Identity announced to peers (UTF-8, 1 to 255 bytes); a router addresses this socket by it. */
        private String routingId;

        /** Whether a router fails with EHOSTUNREACH instead of dropping a message it cannot route. */
        private boolean routerMandatory = false;

        /** Whether an xpub passes every subscription upstream, not only new ones. */
        private boolean xpubVerbose = false;

        /**
         * Whether a req may send a new request before the reply to the last one came (a lost
         * reply no longer blocks it); pair it with req-correlate so a late reply is dropped.
         */
        private boolean reqRelaxed = false;

        /** Whether a req tags each request with an id and accepts only the reply that carries it back. */
        private boolean reqCorrelate = false;

        /**
         * Whether a router lets a peer that announces a routing id already in use take it over
         * (closing the old connection), as a client reconnecting over a half-open connection needs.
         */
        private boolean routerHandover = false;

        /** Whether a router, dealer or req sends each new peer an empty message first, so a router peer learns its routing id at once. */
        private boolean probeRouter = false;

        /**
         * Whether each peer's queue keeps only the newest message, for a feed where only the last
         * value matters (pub, sub, dealer, pull, push); of a multipart message only the last
         * frame is kept, so use single-frame messages.
         */
        private boolean conflate = false;

        /**
         * Whether a pub or xpub waits (up to send-timeout) for a subscriber at its high-water mark
         * instead of dropping the message for it: lossless publish/subscribe.
         */
        private boolean xpubNodrop = false;

        /**
         * Whether an xpub hands every subscription to the application, which then applies it
         * with subscribe/unsubscribe on the xpub, instead of applying it itself.
         */
        private boolean xpubManual = false;

        /**
         * Message (UTF-8 text) a pub or xpub sends each new subscriber as it attaches; the
         * subscriber receives it if it subscribes to a prefix of it. None when unset.
         */
        private String xpubWelcomeMsg;

        /**
         * Whether filtering is turned around (pub, xpub, sub): messages go to the peers none of
         * whose subscriptions match them. Set it on both ends.
         */
        private boolean invertMatching = false;

        /**
         * Whether a multipart message whose first frame is a subscription carries subscriptions
         * and data (xpub, xsub), as libzmq's only-first-subscribe reads it.
         */
        private boolean onlyFirstSubscribe = false;

        /**
         * Whether tcp endpoints may be IPv6: tcp://*:port then listens dual-stack on [::]. Off, as
         * in libzmq, a socket is IPv4 only.
         */
        private boolean ipv6 = false;

        /** IP type-of-service byte (DSCP and ECN bits, 0 to 255) of tcp connections and listeners; 0 leaves it alone. */
        private int typeOfService = 0;

        /** Length of the queue of connections the kernel has completed but the socket not yet accepted (listen(2) backlog). */
        private int backlog = 100;

        /** SO_SNDBUF of each tcp connection (and listener); the operating system's default when unset. */
        private DataSize sendBufferSize;

        /** SO_RCVBUF of each tcp connection (and listener); the operating system's default when unset. */
        private DataSize receiveBufferSize;

        /**
         * Routing id (UTF-8, 1 to 255 bytes) a router gives the peer of its connect endpoint,
         * instead of the one the peer announces; needs exactly one connect endpoint.
         */
        private String connectRoutingId;

        /**
         * SO_KEEPALIVE on tcp connections; the operating system's default when unset, turned on
         * when a tcp-keepalive-idle, -interval or -count is set.
         */
        private Boolean tcpKeepalive;

        /**
         * Idle time of a tcp connection before the first keepalive probe (whole seconds); the
         * operating system's default (Linux: 2 hours) when unset.
         */
        private Duration tcpKeepaliveIdle;

        /** Time between keepalive probes (whole seconds); the operating system's default when unset. */
        private Duration tcpKeepaliveInterval;

        /**
         * Unanswered keepalive probes (1 to 127) after which the connection is dropped; the
         * operating system's default when unset.
         */
        private Integer tcpKeepaliveCount;

        /**
         * How long sent data may go unacknowledged before the tcp connection is dropped (Linux
         * TCP_USER_TIMEOUT, libzmq's ZMQ_TCP_MAXRT; ignored on the NIO transport); 0 leaves it to
         * the operating system.
         */
        private Duration tcpMaxRetransmitTimeout = Duration.ZERO;

        /**
         * How long a tcp connect may take before it is given up and retried after the reconnect
         * interval; 0 leaves it to the operating system.
         */
        private Duration connectTimeout = Duration.ZERO;

        /**
         * How often a ZMTP PING is sent on each connection; 0 sends none. With it, a peer that
         * sends nothing within the heartbeat timeout after a PING is taken for dead: its
         * connection closes, its queue takes nothing more, and a connecting socket reconnects.
         */
        private Duration heartbeatInterval = Duration.ZERO;

        /**
         * How long a peer has, after a PING, to send anything before its connection is closed;
         * the heartbeat interval when unset.
         */
        private Duration heartbeatTimeout;

        /**
         * Time-to-live announced in our PINGs: the peer drops the connection when it hears
         * nothing from this socket for that long (tenths of a second, at most 6553.5s); 0
         * announces none.
         */
        private Duration heartbeatTtl = Duration.ZERO;

        /**
         * Application metadata announced to peers in the ZMTP handshake; names start with
         * 'X-' and use letters, digits and - _ . +.
         */
        private Map<String, String> metadata = new LinkedHashMap<>();

        /**
         * Any other socket option by its engine name (the kebab-case name of a SocketOption,
         * e.g. "router-handover: true"), for options without a property of their own here. Each
         * value is converted to the option's type: a number, true or false, a duration such as
         * 5s, or text.
         */
        private Map<String, String> options = new LinkedHashMap<>();

        /**
         * ZAP domain of the socket's authentication requests. Defaults to the socket's name
         * when the socket has its own authentication rules (PLAIN users, allowed CURVE keys).
         */
        private String zapDomain;

        private final Plain plain = new Plain();

        private final Curve curve = new Curve();

        public String getZapDomain() {
            return zapDomain;
        }

        public void setZapDomain(String zapDomain) {
            this.zapDomain = zapDomain;
        }

        public Plain getPlain() {
            return plain;
        }

        public Curve getCurve() {
            return curve;
        }

        public SocketType getType() {
            return type;
        }

        public void setType(SocketType type) {
            this.type = type;
        }

        public List<String> getBind() {
            return bind;
        }

        public void setBind(List<String> bind) {
            this.bind = bind;
        }

        public List<String> getConnect() {
            return connect;
        }

        public void setConnect(List<String> connect) {
            this.connect = connect;
        }

        public List<String> getSubscribe() {
            return subscribe;
        }

        public void setSubscribe(List<String> subscribe) {
            this.subscribe = subscribe;
        }

        public List<String> getGroups() {
            return groups;
        }

        public void setGroups(List<String> groups) {
            this.groups = groups;
        }

        public int getSendHighWaterMark() {
            return sendHighWaterMark;
        }

        public void setSendHighWaterMark(int sendHighWaterMark) {
            this.sendHighWaterMark = sendHighWaterMark;
        }

        public int getReceiveHighWaterMark() {
            return receiveHighWaterMark;
        }

        public void setReceiveHighWaterMark(int receiveHighWaterMark) {
            this.receiveHighWaterMark = receiveHighWaterMark;
        }

        public Duration getSendTimeout() {
            return sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        public Duration getReceiveTimeout() {
            return receiveTimeout;
        }

        public void setReceiveTimeout(Duration receiveTimeout) {
            this.receiveTimeout = receiveTimeout;
        }

        public Duration getLinger() {
            return linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }

        public Duration getReconnectInterval() {
            return reconnectInterval;
        }

        public void setReconnectInterval(Duration reconnectInterval) {
            this.reconnectInterval = reconnectInterval;
        }

        public Duration getReconnectIntervalMax() {
            return reconnectIntervalMax;
        }

        public void setReconnectIntervalMax(Duration reconnectIntervalMax) {
            this.reconnectIntervalMax = reconnectIntervalMax;
        }

        public boolean isImmediate() {
            return immediate;
        }

        public void setImmediate(boolean immediate) {
            this.immediate = immediate;
        }

        public Duration getHandshakeInterval() {
            return handshakeInterval;
        }

        public void setHandshakeInterval(Duration handshakeInterval) {
            this.handshakeInterval = handshakeInterval;
        }

        public DataSize getMaxMessageSize() {
            return maxMessageSize;
        }

        public void setMaxMessageSize(DataSize maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        public String getRoutingId() {
            return routingId;
        }

        public void setRoutingId(String routingId) {
            this.routingId = routingId;
        }

        public boolean isReqRelaxed() {
            return reqRelaxed;
        }

        public void setReqRelaxed(boolean reqRelaxed) {
            this.reqRelaxed = reqRelaxed;
        }

        public boolean isReqCorrelate() {
            return reqCorrelate;
        }

        public void setReqCorrelate(boolean reqCorrelate) {
            this.reqCorrelate = reqCorrelate;
        }

        public boolean isRouterHandover() {
            return routerHandover;
        }

        public void setRouterHandover(boolean routerHandover) {
            this.routerHandover = routerHandover;
        }

        public boolean isProbeRouter() {
            return probeRouter;
        }

        public void setProbeRouter(boolean probeRouter) {
            this.probeRouter = probeRouter;
        }

        public boolean isConflate() {
            return conflate;
        }

        public void setConflate(boolean conflate) {
            this.conflate = conflate;
        }

        public boolean isXpubNodrop() {
            return xpubNodrop;
        }

        public void setXpubNodrop(boolean xpubNodrop) {
            this.xpubNodrop = xpubNodrop;
        }

        public boolean isXpubManual() {
            return xpubManual;
        }

        public void setXpubManual(boolean xpubManual) {
            this.xpubManual = xpubManual;
        }

        public String getXpubWelcomeMsg() {
            return xpubWelcomeMsg;
        }

        public void setXpubWelcomeMsg(String xpubWelcomeMsg) {
            this.xpubWelcomeMsg = xpubWelcomeMsg;
        }

        public boolean isInvertMatching() {
            return invertMatching;
        }

        public void setInvertMatching(boolean invertMatching) {
            this.invertMatching = invertMatching;
        }

        public boolean isOnlyFirstSubscribe() {
            return onlyFirstSubscribe;
        }

        public void setOnlyFirstSubscribe(boolean onlyFirstSubscribe) {
            this.onlyFirstSubscribe = onlyFirstSubscribe;
        }

        public boolean isIpv6() {
            return ipv6;
        }

        public void setIpv6(boolean ipv6) {
            this.ipv6 = ipv6;
        }

        public int getTypeOfService() {
            return typeOfService;
        }

        public void setTypeOfService(int typeOfService) {
            this.typeOfService = typeOfService;
        }

        public int getBacklog() {
            return backlog;
        }

        public void setBacklog(int backlog) {
            this.backlog = backlog;
        }

        public DataSize getSendBufferSize() {
            return sendBufferSize;
        }

        public void setSendBufferSize(DataSize sendBufferSize) {
            this.sendBufferSize = sendBufferSize;
        }

        public DataSize getReceiveBufferSize() {
            return receiveBufferSize;
        }

        public void setReceiveBufferSize(DataSize receiveBufferSize) {
            this.receiveBufferSize = receiveBufferSize;
        }

        public String getConnectRoutingId() {
            return connectRoutingId;
        }

        public void setConnectRoutingId(String connectRoutingId) {
            this.connectRoutingId = connectRoutingId;
        }

        public boolean isRouterMandatory() {
            return routerMandatory;
        }

        public void setRouterMandatory(boolean routerMandatory) {
            this.routerMandatory = routerMandatory;
        }

        public boolean isXpubVerbose() {
            return xpubVerbose;
        }

        public void setXpubVerbose(boolean xpubVerbose) {
            this.xpubVerbose = xpubVerbose;
        }

        public Boolean getTcpKeepalive() {
            return tcpKeepalive;
        }

        public void setTcpKeepalive(Boolean tcpKeepalive) {
            this.tcpKeepalive = tcpKeepalive;
        }

        public Duration getTcpKeepaliveIdle() {
            return tcpKeepaliveIdle;
        }

        public void setTcpKeepaliveIdle(Duration tcpKeepaliveIdle) {
            this.tcpKeepaliveIdle = tcpKeepaliveIdle;
        }

        public Duration getTcpKeepaliveInterval() {
            return tcpKeepaliveInterval;
        }

        public void setTcpKeepaliveInterval(Duration tcpKeepaliveInterval) {
            this.tcpKeepaliveInterval = tcpKeepaliveInterval;
        }

        public Integer getTcpKeepaliveCount() {
            return tcpKeepaliveCount;
        }

        public void setTcpKeepaliveCount(Integer tcpKeepaliveCount) {
            this.tcpKeepaliveCount = tcpKeepaliveCount;
        }

        public Duration getTcpMaxRetransmitTimeout() {
            return tcpMaxRetransmitTimeout;
        }

        public void setTcpMaxRetransmitTimeout(Duration tcpMaxRetransmitTimeout) {
            this.tcpMaxRetransmitTimeout = tcpMaxRetransmitTimeout;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        public Duration getHeartbeatTimeout() {
            return heartbeatTimeout;
        }

        public void setHeartbeatTimeout(Duration heartbeatTimeout) {
            this.heartbeatTimeout = heartbeatTimeout;
        }

        public Duration getHeartbeatTtl() {
            return heartbeatTtl;
        }

        public void setHeartbeatTtl(Duration heartbeatTtl) {
            this.heartbeatTtl = heartbeatTtl;
        }

        public Map<String, String> getMetadata() {
            return metadata;
        }

        public void setMetadata(Map<String, String> metadata) {
            this.metadata = metadata;
        }

        public Map<String, String> getOptions() {
            return options;
        }

        public void setOptions(Map<String, String> options) {
            this.options = options;
        }
    }

    /**
     * PLAIN security: a user name and password in clear text, for trusted networks. A server
     * checks them against its users; a client sends them.
     */
    public static class Plain {

        /** Whether this socket is a PLAIN server, which checks each client's user name and password. */
        private boolean server = false;

        /** User name this socket sends as a PLAIN client (at most 255 bytes). */
        private String username;

        /** Password this socket sends as a PLAIN client (at most 255 bytes). */
        private String password;

        /** Users a PLAIN server accepts: user name to password. */
        private Map<String, String> users = new LinkedHashMap<>();

        /** File of users a PLAIN server accepts, one 'name=password' per line ('#' starts a comment). */
        private Path passwordFile;

        public boolean isServer() {
            return server;
        }

        public void setServer(boolean server) {
            this.server = server;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Map<String, String> getUsers() {
            return users;
        }

        public void setUsers(Map<String, String> users) {
            this.users = users;
        }

        public Path getPasswordFile() {
            return passwordFile;
        }

        public void setPasswordFile(Path passwordFile) {
            this.passwordFile = passwordFile;
        }
    }

    /**
     * CURVE security: encryption and public-key authentication (CurveZMQ). Keys are 40
     * characters of Z85 text, as zmq_curve_keypair and czmq certificates give them.
     */
    public static class Curve {

        /** Whether this socket is a CURVE server; it needs its secret key. */
        private boolean server = false;

        /** Public key of this socket (Z85); derived from the secret key when unset. */
        private String publicKey;

        /** Secret key of this socket (Z85). Never logged. */
        private String secretKey;

        /** czmq secret certificate file (.key_secret) holding this socket's key pair, instead of public-key and secret-key. */
        private Path certificate;

        /**
         * Public key (Z85) of the server a CURVE client connects to; setting it makes the
         * socket a CURVE client. Without keys of its own the client uses a fresh key pair.
         */
        private String serverKey;

        /** Public keys (Z85) of the clients a CURVE server accepts. */
        private List<String> allowedClientKeys = new ArrayList<>();

        /** Directory of czmq public certificates of the clients a CURVE server accepts. */
        private Path allowedClientCertificates;

        /**
         * Whether a CURVE server accepts any client key: encryption without client
         * authentication. A server without allowed keys or certificates does so anyway, as in
         * libzmq, and logs a warning unless this is set.
         */
        private boolean allowAny = false;

        public boolean isServer() {
            return server;
        }

        public void setServer(boolean server) {
            this.server = server;
        }

        public String getPublicKey() {
            return publicKey;
        }

        public void setPublicKey(String publicKey) {
            this.publicKey = publicKey;
        }

        public String getSecretKey() {
            return secretKey;
        }

        public void setSecretKey(String secretKey) {
            this.secretKey = secretKey;
        }

        public Path getCertificate() {
            return certificate;
        }

        public void setCertificate(Path certificate) {
            this.certificate = certificate;
        }

        public String getServerKey() {
            return serverKey;
        }

        public void setServerKey(String serverKey) {
            this.serverKey = serverKey;
        }

        public List<String> getAllowedClientKeys() {
            return allowedClientKeys;
        }

        public void setAllowedClientKeys(List<String> allowedClientKeys) {
            this.allowedClientKeys = allowedClientKeys;
        }

        public Path getAllowedClientCertificates() {
            return allowedClientCertificates;
        }

        public void setAllowedClientCertificates(Path allowedClientCertificates) {
            this.allowedClientCertificates = allowedClientCertificates;
        }

        public boolean isAllowAny() {
            return allowAny;
        }

        public void setAllowAny(boolean allowAny) {
            this.allowAny = allowAny;
        }
    }

    /** Defaults for {@code @ZmqListener} methods. */
    public static class Listener {

        /**
         * Threads per listener, each blocked in receive on the listener's socket; a
         * listener's own 'concurrency' attribute wins.
         */
        private int concurrency = 1;

        /** Whether listeners start with the application; a listener's own 'autoStartup' attribute wins. */
        private boolean autoStartup = true;

        /**
         * Linger of the sockets that listener methods declare inline (with 'type' and 'bind'
         * or 'connect').
         */
        private Duration linger = Duration.ofSeconds(1);

        /**
         * Largest message accepted from a peer by the sockets that listener methods declare
         * inline; -1 is no limit (the engine's default).
         */
        private DataSize maxMessageSize = DataSize.ofMegabytes(1);

        public DataSize getMaxMessageSize() {
            return maxMessageSize;
        }

        public void setMaxMessageSize(DataSize maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        /**
         * How long a listener, when the application stops, goes on with the messages it holds
         * and those already queued in its socket before it discards (and counts) the rest. Never
         * longer than spring.lifecycle.timeout-per-shutdown-phase.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        /**
         * The SmartLifecycle phase listeners start and stop in; it must stay above the sockets'
         * phase (Integer.MAX_VALUE - 2048), so that listeners stop before their sockets close.
         */
        private int phase = Integer.MAX_VALUE - 1024;

        public int getPhase() {
            return phase;
        }

        public void setPhase(int phase) {
            this.phase = phase;
        }

        /**
         * Bean name of the ZmqListenerErrorHandler of listeners that name none in their
         * 'errorHandler' attribute.
         */
        private String errorHandler;

        private final Retry retry = new Retry();

        private final DeadLetter deadLetter = new DeadLetter();

        public String getErrorHandler() {
            return errorHandler;
        }

        public void setErrorHandler(String errorHandler) {
            this.errorHandler = errorHandler;
        }

        public Retry getRetry() {
            return retry;
        }

        public DeadLetter getDeadLetter() {
            return deadLetter;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public Duration getLinger() {
            return linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }
    }

    /** How a failed listener call is tried again, with a back-off between attempts. */
    public static class Retry {

        /** Calls per message, the first included; 1 tries once. */
        private int maxAttempts = 1;

        /** Wait before the second attempt. */
        private Duration delay = Duration.ofSeconds(1);

        /** Factor by which each wait grows on the one before. */
        private double multiplier = 1.0;

        /** The longest wait between attempts. */
        private Duration maxDelay = Duration.ofSeconds(30);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getDelay() {
            return delay;
        }

        public void setDelay(Duration delay) {
            this.delay = delay;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    /** Where messages go that a listener failed on after its last attempt. */
    public static class DeadLetter {

        /**
         * Name of the socket (under monocoque.sockets, e.g. of type push) that gets the original
         * frames of every message a listener failed on after its last attempt and that no error
         * handler handled; unset, such failures are logged.
         */
        private String socket;

        /** Whether one frame of JSON describing the failure follows the original frames. */
        private boolean errorFrame = true;

        public String getSocket() {
            return socket;
        }

        public void setSocket(String socket) {
            this.socket = socket;
        }

        public boolean isErrorFrame() {
            return errorFrame;
        }

        public void setErrorFrame(boolean errorFrame) {
            this.errorFrame = errorFrame;
        }
    }

    /** What the 'zmq' health component reports as a problem. */
    public static class Health {

        /**
         * How long an endpoint a socket connects to may go without a peer (never reached, or lost)
         * before the health component reports it and turns DOWN.
         */
        private Duration peerTimeout = Duration.ofSeconds(30);

        /**
         * How long each of the context's I/O threads may take to run a probe task before the
         * health component takes it for stuck and turns DOWN; a health check waits this long at
         * most. Zero turns the probe off.
         */
        private Duration ioThreadTimeout = Duration.ofSeconds(5);

        public Duration getPeerTimeout() {
            return peerTimeout;
        }

        public void setPeerTimeout(Duration peerTimeout) {
            this.peerTimeout = peerTimeout;
        }

        public Duration getIoThreadTimeout() {
            return ioThreadTimeout;
        }

        public void setIoThreadTimeout(Duration ioThreadTimeout) {
            this.ioThreadTimeout = ioThreadTimeout;
        }
    }

    /** Settings of the auto-configured {@code ZmqTemplate}. */
    public static class Template {

        /** How long sendAndReceive waits for a reply when the call gives no timeout. */
        private Duration replyTimeout = Duration.ofSeconds(5);

        /**
         * Whether an object the template converts (to JSON, say) is preceded by a header frame
         * naming its class (zmq_typeId), by which a class-level @ZmqListener chooses its
         * @ZmqHandler method. Off by default: a plain ZeroMQ peer does not expect the extra frame.
         */
        private boolean typeIdHeader = false;

        public boolean isTypeIdHeader() {
            return typeIdHeader;
        }

        public void setTypeIdHeader(boolean typeIdHeader) {
            this.typeIdHeader = typeIdHeader;
        }

        public Duration getReplyTimeout() {
            return replyTimeout;
        }

        public void setReplyTimeout(Duration replyTimeout) {
            this.replyTimeout = replyTimeout;
        }
    }

    /** Observations of sends, requests and listener calls, and the trace context on the wire. */
    public static class Observation {

        private final Propagation propagation = new Propagation();

        public Propagation getPropagation() {
            return propagation;
        }
    }

    /** Trace context between Monocoque applications. */
    public static class Propagation {

        /**
         * Whether the trace context of the template's and outbound adapters' and gateways' sends
         * travels in a JSON header frame before the payload, and whether listeners and inbound
         * adapters and gateways continue the trace whose context comes in one. Off, the wire
         * carries plain ZeroMQ messages only; turn it on only where both ends are Monocoque
         * applications (or peers that expect the header frame).
         */
        private boolean enabled = false;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
