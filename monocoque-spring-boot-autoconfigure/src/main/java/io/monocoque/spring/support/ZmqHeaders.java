package io.monocoque.spring.support;

/**
 * Names of the Spring {@code Message} headers that carry ZeroMQ frames and ZMTP metadata.
 *
 * <p>Inbound, they come from the frames (topic, routing id) and from what the engine knows of
 * the peer; outbound, only {@link #TOPIC} (on pub and xpub sockets) and {@link #ROUTING_ID} (on
 * router sockets) become frames. No header is ever written to the wire otherwise, so a plain
 * libzmq peer sees only the frames it expects.
 */
public final class ZmqHeaders {

    /** The prefix of every header Monocoque sets. */
    public static final String PREFIX = "zmq_";

    /**
     * The topic: the first frame of a message received on a sub or xsub socket (UTF-8 text),
     * and the first frame sent on a pub or xpub socket.
     */
    public static final String TOPIC = PREFIX + "topic";

    /**
     * The routing id of the peer the message came from. On a router or stream socket a
     * {@code byte[]} (the message's first frame), on a dgram socket the sender's address
     * ({@code ip:port} as a {@code byte[]}); outbound, the peer a router, stream or dgram socket
     * sends to ({@code byte[]} or UTF-8 {@code String}). On a server socket (a draft type, whose routing ids travel on the message,
     * not in a frame) an {@code Integer} holding the unsigned 32-bit id, never 0
     * ({@code Integer.toUnsignedLong} gives its value); outbound, the client a server sends to (an
     * {@code Integer}, or a {@code Long} from 1 to 2<sup>32</sup>-1).
     */
    public static final String ROUTING_ID = PREFIX + "routingId";

    /**
     * The group (UTF-8 text, at most 255 bytes) of a message received on a dish socket;
     * outbound, the group a radio socket sends the message to. Draft types (RFC 48): the group
     * travels with the message, not in a frame of its own.
     */
    public static final String GROUP = PREFIX + "group";

    /** The user id the peer's authentication established (ZAP), when there was one. */
    public static final String USER_ID = PREFIX + "userId";

    /** The name of the socket the message was received on (the socket bean's or listener's name). */
    public static final String SOCKET = PREFIX + "socket";

    /** The {@code SocketType} of the socket the message was received on. */
    public static final String SOCKET_TYPE = PREFIX + "socketType";

    /** The peer's remote address: {@code host:port}, an ipc path or an inproc name. */
    public static final String PEER_ADDRESS = PREFIX + "peerAddress";

    /** Everything the engine knows of the peer: a {@code io.monocoque.zmq.PeerInfo} with its ZMTP properties. */
    public static final String PEER = PREFIX + "peer";

    /**
     * The message as the socket delivered it: a {@code io.monocoque.zmq.ZmqMessage} with every
     * frame (what a {@code ZmqMessage} listener parameter receives).
     */
    public static final String RAW_MESSAGE = PREFIX + "rawMessage";

    /**
     * The type id of the payload: the name of the Java class the sender converted to the payload
     * frame (e.g. to JSON). It travels only when the sender asks for it, in a header frame just
     * before the payload (see {@code ZmqHeaderFrameMapper}; {@code ZmqTemplate#setTypeIdHeader});
     * a class-level {@code @ZmqListener} picks the {@code @ZmqHandler} method whose payload type
     * it names. Like Spring Kafka's {@code __TypeId__}, it is a hint to choose a handler: no class
     * is ever loaded by this name.
     */
    public static final String TYPE_ID = PREFIX + "typeId";

    private ZmqHeaders() {
    }
}
