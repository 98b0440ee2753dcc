package io.monocoque.spring.core;

import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.messaging.Message;
import org.springframework.messaging.core.AbstractMessagingTemplate;
import org.springframework.util.Assert;

/**
 * Sends to, and requests over, ZeroMQ sockets named by their bean name (the keys under
 * {@code monocoque.sockets}), converting payloads with the same converters as
 * {@code @ZmqListener} methods.
 *
 * <pre>{@code
 * template.send("orders", new Order(...));                 // one JSON frame
 * template.send("prices", "EUR", price);                   // topic frame, then the payload
 * Quote q = template.sendAndReceive("quotes", request, Quote.class, Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>Request/reply runs over a REQ socket (one request at a time, as REQ requires) or a DEALER
 * socket (any number at once: each request carries a 4-byte request id before the empty
 * delimiter, libzmq's {@code ZMQ_REQ_CORRELATE} envelope, which rep and router peers echo
 * back; a reply that comes after its request timed out is dropped). The template is also a
 * Spring {@code MessageSendingOperations}/{@code MessageRequestReplyOperations} with socket names
 * as destinations.
 */
public class ZmqTemplate extends AbstractMessagingTemplate<String> {

    private final BeanFactory beanFactory;
    private final ZmqMessageMapper mapper;
    private final Map<String, ZmqSocket> sockets = new ConcurrentHashMap<>();
    private final Map<ZmqSocket, RequestChannel> requestChannels = new ConcurrentHashMap<>();
    private volatile Duration replyTimeout = Duration.ofSeconds(5);

    /**
     * @param beanFactory where the {@code ZmqSocket} beans are looked up by name
     * @param mapper      frames to messages and back, with the converters to use
     */
    public ZmqTemplate(BeanFactory beanFactory, ZmqMessageMapper mapper) {
        Assert.notNull(beanFactory, "beanFactory is required");
        Assert.notNull(mapper, "mapper is required");
        this.beanFactory = beanFactory;
        this.mapper = mapper;
        setMessageConverter(mapper.getMessageConverter());
    }

    /**
     * How long request/reply calls without a timeout of their own wait for the reply, and
     * {@code receive(socket)} for a message (default 5 s).
     */
    public void setReplyTimeout(Duration replyTimeout) {
        Assert.isTrue(replyTimeout != null && !replyTimeout.isNegative(), "replyTimeout must be zero or positive");
        this.replyTimeout = replyTimeout;
    }

    public Duration getReplyTimeout() {
        return replyTimeout;
    }

    // ---- sending -----------------------------------------------------------------------------

    /**
     * Sends {@code payload} on socket {@code socket}: a {@code ZmqMessage} as it is, a
     * {@code Message} with its headers mapped to frames, anything else converted to one frame.
     * Blocks while the socket cannot take it (bounded by the socket's send timeout).
     */
    public void send(String socket, Object payload) {
        ZmqSocket s = socket(socket);
        s.send(mapper.toZmqMessage(payload, s.type()));
    }

    /** Sends {@code payload} on {@code socket} behind a topic frame: the pub/sub framing. */
    public void send(String socket, String topic, Object payload) {
        Assert.notNull(topic, "topic is required");
        socket(socket).send(mapper.toZmqMessage(payload).prepend(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    protected void doSend(String destination, Message<?> message) {
        ZmqSocket s = socket(destination);
        s.send(mapper.toZmqMessage(message, s.type()));
    }

    // ---- receiving ---------------------------------------------------------------------------

    @Override
    protected Message<?> doReceive(String destination) {
        ZmqSocket s = socket(destination);
        ZmqMessage m = s.receive(replyTimeout);
        if (m == null) {
            return null;
        }
        ZmqEnvelope parts = ZmqEnvelope.split(m, s.type(), false);
        return parts == null ? null : mapper.toMessage(m, parts, destination, s.type());
    }

    // ---- request/reply -------------------------------------------------------------------------

    /** Sends {@code request} on a REQ or DEALER socket and converts the reply, waiting the default reply timeout. */
    public <T> T sendAndReceive(String socket, Object request, Class<T> replyType) {
        return sendAndReceive(socket, request, replyType, replyTimeout);
    }

    /**
     * Sends {@code request} on a REQ or DEALER socket and returns the reply converted to
     * {@code replyType} ({@code ZmqMessage} for the reply's frames, {@code Message} for the
     * message with its headers).
     *
     * @throws ZmqReplyTimeoutException when no reply comes within {@code timeout}
     */
    public <T> T sendAndReceive(String socket, Object request, Class<T> replyType, Duration timeout) {
        Assert.notNull(replyType, "replyType is required");
        ZmqSocket s = socket(socket);
        ZmqMessage reply = exchange(socket, s, mapper.toZmqMessage(request), timeout);
        return mapper.fromMessage(replyMessage(socket, s, reply), replyType);
    }

    @Override
    protected Message<?> doSendAndReceive(String destination, Message<?> requestMessage) {
        ZmqSocket s = socket(destination);
        try {
            return replyMessage(destination, s, exchange(destination, s, mapper.toZmqMessage(requestMessage), replyTimeout));
        } catch (ZmqReplyTimeoutException e) {
            return null; // the MessageRequestReplyOperations contract: null when no reply came
        }
    }

    private Message<byte[]> replyMessage(String name, ZmqSocket s, ZmqMessage reply) {
        return mapper.toMessage(reply, new ZmqEnvelope(null, reply, null, null), name, s.type());
    }

    private ZmqMessage exchange(String name, ZmqSocket s, ZmqMessage request, Duration timeout) {
        Assert.isTrue(timeout != null && !timeout.isNegative(), "timeout must be zero or positive");
        if (s.type() != SocketType.REQ && s.type() != SocketType.DEALER) {
            throw new IllegalArgumentException("request/reply needs a REQ or DEALER socket; '" + name + "' is a " + s.type()
                    + " socket");
        }
        RequestChannel channel = requestChannels.computeIfAbsent(s,
                k -> k.type() == SocketType.REQ ? new ReqChannel(name, k) : new DealerChannel(name, k));
        return channel.exchange(request, System.nanoTime() + timeout.toNanos(), timeout);
    }

    private ZmqSocket socket(String name) {
        Assert.hasText(name, "a socket name is required");
        return sockets.computeIfAbsent(name, n -> {
            try {
                return beanFactory.getBean(n, ZmqSocket.class);
            } catch (NoSuchBeanDefinitionException e) {
                throw new IllegalArgumentException("no ZmqSocket bean named '" + n + "': declare it under monocoque.sockets." + n
                        + " (or as a ZmqSocket @Bean)", e);
            }
        });
    }

    /** How requests and replies are matched on one socket. */
    private interface RequestChannel {
        ZmqMessage exchange(ZmqMessage request, long deadline, Duration timeout);
    }

    /** REQ: one request at a time, strictly alternating with its reply. */
    private static final class ReqChannel implements RequestChannel {

        private final String name;
        private final ZmqSocket socket;
        private final ReentrantLock lock = new ReentrantLock();
        /** A request timed out and REQ still expects its reply before it can send again. */
        private boolean replyOwed;

        ReqChannel(String name, ZmqSocket socket) {
            this.name = name;
            this.socket = socket;
        }

        @Override
        public ZmqMessage exchange(ZmqMessage request, long deadline, Duration timeout) {
            try {
                if (!lock.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    throw timeout(timeout, "the socket was busy with another request all along (a REQ socket carries one at a time; "
                            + "use a DEALER socket for concurrent requests)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZmqException(ZmqError.EINTR, "interrupted while waiting to send a request on '" + name + "'");
            }
            try {
                if (replyOwed) {
                    // REQ cannot send until the reply to the request that timed out has come.
                    if (socket.receive(Duration.ofNanos(remaining(deadline))) == null) {
                        throw timeout(timeout, "the reply to an earlier, timed-out request has not come yet, and a REQ socket cannot send "
                                + "before it has (use a DEALER socket for request/reply with timeouts)");
                    }
                    replyOwed = false;
                }
                if (!socket.send(request, Duration.ofNanos(remaining(deadline)))) {
                    throw timeout(timeout, "the request could not be sent: no peer took it");
                }
                ZmqMessage reply = socket.receive(Duration.ofNanos(remaining(deadline)));
                if (reply == null) {
                    replyOwed = true;
                    throw timeout(timeout, "no reply came");
                }
                return reply;
            } finally {
                lock.unlock();
            }
        }

        private ZmqReplyTimeoutException timeout(Duration timeout, String why) {
            return new ZmqReplyTimeoutException("request on '" + name + "' (REQ) timed out after " + timeout.toMillis() + " ms: " + why);
        }
    }

    /** DEALER: concurrent requests, each with a request id frame that the peer echoes back. */
    private static final class DealerChannel implements RequestChannel {

        private final String name;
        private final DealerRequests requests;

        DealerChannel(String name, ZmqSocket socket) {
            this.name = name;
            this.requests = new DealerRequests(socket, "'" + name + "'");
        }

        @Override
        public ZmqMessage exchange(ZmqMessage request, long deadline, Duration timeout) {
            try {
                return requests.exchange(request, deadline, why -> new ZmqReplyTimeoutException("request on '" + name
                        + "' (DEALER) timed out after " + timeout.toMillis() + " ms: " + why));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZmqException(ZmqError.EINTR, "interrupted while waiting for a reply on '" + name + "'");
            }
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public String toString() {
        return "ZmqTemplate[" + sockets.keySet() + ", reply timeout " + replyTimeout + "]";
    }
}
