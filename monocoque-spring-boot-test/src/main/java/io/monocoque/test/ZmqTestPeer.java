package io.monocoque.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.springframework.messaging.support.MessageBuilder;

import tools.jackson.databind.json.JsonMapper;

/**
 * A socket that plays the other side of an application's socket in a test: it sends frames,
 * text or JSON, and receives with a timeout, failing the test with the endpoint and the time
 * waited when nothing comes.
 *
 * <pre>{@code
 * try (ZmqTestPeer orders = ZmqTestPeer.connect(context, SocketType.PUSH, endpoint)) {
 *     orders.sendJson(Map.of("symbol", "ACME", "quantity", 100));
 * }
 * try (ZmqTestPeer client = endpoints.peer("quotes")) {      // a REQ for the REP socket "quotes"
 *     client.sendJson(Map.of("symbol", "ACME"));
 *     client.assertReceived().hasJsonPayloadContaining("{\"symbol\":\"ACME\"}");
 * }
 * }</pre>
 *
 * Closing the peer closes its socket after flushing what it sent (linger 5 s at most).
 */
public final class ZmqTestPeer implements AutoCloseable {

    /** How long a receive waits when no other timeout is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration LINGER = Duration.ofSeconds(5);

    private final ZmqSocket socket;

    private final String endpoint;

    private final JsonMapper jsonMapper;

    private final Duration timeout;

    private final boolean closesSocket;

    private ZmqTestPeer(ZmqSocket socket, String endpoint, JsonMapper jsonMapper, Duration timeout, boolean closesSocket) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.jsonMapper = jsonMapper;
        this.timeout = timeout;
        this.closesSocket = closesSocket;
    }

    /** A new {@code type} socket of {@code context} connected to {@code endpoint}. */
    public static ZmqTestPeer connect(ZmqContext context, SocketType type, String endpoint) {
        ZmqSocket socket = open(context, type);
        try {
            socket.connect(endpoint);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        return new ZmqTestPeer(socket, endpoint, JsonMapper.shared(), DEFAULT_TIMEOUT, true);
    }

    /**
     * A new {@code type} socket of {@code context} bound to {@code endpoint} ({@code tcp://127.0.0.1:*}
     * for an ephemeral port: {@link #endpoint()} then tells the port).
     */
    public static ZmqTestPeer bind(ZmqContext context, SocketType type, String endpoint) {
        ZmqSocket socket = open(context, type);
        try {
            socket.bind(endpoint);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        return new ZmqTestPeer(socket, socket.lastEndpoint(), JsonMapper.shared(), DEFAULT_TIMEOUT, true);
    }

    private static ZmqSocket open(ZmqContext context, SocketType type) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(type, "type");
        ZmqSocket socket = context.createSocket(type);
        socket.setOption(SocketOption.LINGER, LINGER);
        return socket;
    }

    /** This peer with receives waiting at most {@code receiveTimeout} (the socket is shared). */
    public ZmqTestPeer withTimeout(Duration receiveTimeout) {
        return new ZmqTestPeer(socket, endpoint, jsonMapper, receiveTimeout, closesSocket);
    }

    /** This peer writing and reading JSON with {@code mapper} (the application's, say). */
    public ZmqTestPeer withJsonMapper(JsonMapper mapper) {
        return new ZmqTestPeer(socket, endpoint, Objects.requireNonNull(mapper, "mapper"), timeout, closesSocket);
    }

    /**
     * This peer, but {@link #close()} leaves the socket open: for a peer whose owner closes it
     * later (the test peer of a connecting socket lives as long as the application context).
     */
    public ZmqTestPeer keptOpen() {
        return new ZmqTestPeer(socket, endpoint, jsonMapper, timeout, false);
    }

    /** The socket, for what this class does not cover. */
    public ZmqSocket socket() {
        return socket;
    }

    /** The endpoint this peer connected or bound to (the resolved one for an ephemeral bind). */
    public String endpoint() {
        return endpoint;
    }

    /** The socket type of this peer. */
    public SocketType type() {
        return socket.type();
    }

    /** Subscribes a SUB peer to each topic prefix ({@code ""} for every message). */
    public ZmqTestPeer subscribe(String... topics) {
        for (String topic : topics) {
            socket.subscribe(topic);
        }
        return this;
    }

    /** Joins a DISH peer to each group (exact names; a DISH that joined none receives nothing). */
    public ZmqTestPeer join(String... groups) {
        for (String group : groups) {
            socket.join(group);
        }
        return this;
    }

    /** Sends one message of these frames, as UTF-8. */
    public ZmqTestPeer send(String... frames) {
        socket.send(ZmqMessage.of(frames));
        return this;
    }

    /** Sends one message of these frames. */
    public ZmqTestPeer send(byte[]... frames) {
        socket.send(ZmqMessage.of(frames));
        return this;
    }

    /** Sends {@code message}. */
    public ZmqTestPeer send(ZmqMessage message) {
        socket.send(message);
        return this;
    }

    /** Sends {@code payload} as one JSON frame, after the {@code leadingFrames} (a topic, say). */
    public ZmqTestPeer sendJson(Object payload, String... leadingFrames) {
        byte[][] frames = new byte[leadingFrames.length + 1][];
        for (int i = 0; i < leadingFrames.length; i++) {
            frames[i] = leadingFrames[i].getBytes(StandardCharsets.UTF_8);
        }
        frames[leadingFrames.length] = jsonMapper.writeValueAsBytes(payload);
        socket.send(ZmqMessage.of(frames));
        return this;
    }

    /**
     * Sends {@code payload} (text as UTF-8, {@code byte[]} as it is, anything else as JSON) with
     * {@code headers} in a header frame before it, the way a Monocoque sender with a
     * {@link ZmqHeaderFrameMapper} writes them.
     */
    public ZmqTestPeer sendWithHeaders(Object payload, Map<String, ?> headers) {
        MessageBuilder<?> builder = MessageBuilder.withPayload(payload);
        headers.forEach(builder::setHeader);
        byte[] headerFrame = new ZmqHeaderFrameMapper(jsonMapper).toFrame(builder.build());
        byte[] body = payload instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                : payload instanceof byte[] b ? b : jsonMapper.writeValueAsBytes(payload);
        socket.send(ZmqMessage.of(headerFrame, body));
        return this;
    }

    /**
     * The next message, waiting at most the timeout.
     *
     * @throws AssertionError if none came in time
     */
    public ZmqMessage receive() {
        return receive(timeout);
    }

    /**
     * The next message, waiting at most {@code wait}.
     *
     * @throws AssertionError if none came in time
     */
    public ZmqMessage receive(Duration wait) {
        ZmqMessage message = socket.receive(wait);
        if (message == null) {
            throw new AssertionError("no message within " + wait + " on the " + socket.type() + " test peer of " + endpoint);
        }
        return message;
    }

    /** The last frame of the next message as UTF-8 text. */
    public String receiveString() {
        return receive().lastString();
    }

    /** The last frame of the next message read as JSON into {@code type}. */
    public <T> T receiveJson(Class<T> type) {
        ZmqMessage message = receive();
        return jsonMapper.readValue(message.frame(message.size() - 1), type);
    }

    /** Receives the next message and starts assertions on it. */
    public ZmqMessageAssert assertReceived() {
        return new ZmqMessageAssert(receive(), jsonMapper);
    }

    /**
     * Answers {@code request}, a message this SERVER peer received, with {@code payload} (UTF-8)
     * on the connection it came on (by its routing id).
     *
     * @throws IllegalStateException when this peer is not a SERVER or the request carries no routing id
     */
    public ZmqTestPeer replyTo(ZmqMessage request, String payload) {
        if (socket.type() != SocketType.SERVER || request.routingId() == 0) {
            throw new IllegalStateException("replyTo answers a request a SERVER peer received; this is a " + socket.type()
                    + " peer" + (request.routingId() == 0 ? " and the message has no routing id" : ""));
        }
        socket.send(ZmqMessage.of(payload).withRoutingId(request.routingId()));
        return this;
    }

    /** Sends one message of these frames and returns the reply (REQ, DEALER, CLIENT). */
    public ZmqMessage request(String... frames) {
        send(frames);
        return receive();
    }

    /** Fails if a message arrives within {@code wait}. */
    public void assertNothingReceivedWithin(Duration wait) {
        ZmqMessage message = socket.receive(wait);
        assertThat(message).as("message on the %s test peer of %s", socket.type(), endpoint).isNull();
    }

    /** Closes the socket (its linger flushes what was sent), unless this is a {@link #keptOpen()} view. */
    @Override
    public void close() {
        if (closesSocket) {
            socket.close();
        }
    }

    @Override
    public String toString() {
        return "ZmqTestPeer[" + socket.type() + " " + endpoint + "]";
    }
}
