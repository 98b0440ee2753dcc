package io.monocoque.spring.integration;

import io.monocoque.spring.core.ZmqReplyTimeoutException;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.support.management.ManageableLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

/**
 * An outbound gateway: sends each request on a REQ or DEALER socket and produces the reply, or
 * fails with a {@link MessageTimeoutException} (cause: {@link ZmqReplyTimeoutException}) when
 * none comes within the {@linkplain #setReplyTimeout reply timeout}.
 *
 * <p>A DEALER carries concurrent requests, each behind a request-id frame and the empty
 * delimiter, which REP and ROUTER peers echo back; a late reply to a request that timed out is
 * dropped. A REQ carries one request at a time; after a timeout a declared REQ socket is closed
 * and re-created (the "lazy pirate" pattern), while a bean REQ socket must first receive the
 * late reply before it can send again.
 */
public class ZmqOutboundGateway extends AbstractReplyProducingMessageHandler implements ManageableLifecycle {

    private static final byte[] DELIMITER = new byte[0];

    private final ZmqSocketSource source;
    private ZmqMessageMapper mapper;
    private Class<?> replyPayloadType;
    private Duration replyTimeout = Duration.ofSeconds(5);
    private volatile boolean running;

    private final Object reqLock = new Object();
    private boolean replyOwed;

    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<ZmqMessage>> pending = new ConcurrentHashMap<>();
    private boolean receiving;

    public ZmqOutboundGateway(ZmqSocketSource source) {
        Assert.notNull(source, "source is required");
        this.source = source;
        setRequiresReply(true);
    }

    public ZmqSocketSource getSocketSource() {
        return source;
    }

    public void setMessageMapper(ZmqMessageMapper mapper) {
        this.mapper = mapper;
    }

    /** Converts reply payloads to this type (default {@code byte[]}). */
    public void setReplyPayloadType(Class<?> replyPayloadType) {
        this.replyPayloadType = replyPayloadType;
    }

    public void setReplyTimeout(Duration replyTimeout) {
        Assert.isTrue(replyTimeout != null && !replyTimeout.isNegative(), "replyTimeout must be zero or positive");
        this.replyTimeout = replyTimeout;
    }

    public Duration getReplyTimeout() {
        return replyTimeout;
    }

    @Override
    public String getComponentType() {
        return "zmq:outbound-gateway";
    }

    @Override
    protected void doInit() {
        if (mapper == null) {
            mapper = ZmqIntegrationSupport.mapper(getBeanFactory());
        }
    }

    @Override
    protected Object handleRequestMessage(Message<?> requestMessage) {
        ZmqSocket socket = socket();
        long deadline = System.nanoTime() + replyTimeout.toNanos();
        ZmqMessage request = mapper.toZmqMessage(requestMessage);
        ZmqMessage reply;
        try {
            reply = socket.type() == SocketType.REQ ? exchangeReq(socket, request, deadline) : exchangeDealer(socket, request, deadline);
        } catch (ZmqReplyTimeoutException e) {
            throw new MessageTimeoutException(requestMessage, e.getMessage(), e);
        }
        Message<byte[]> replyMessage = mapper.toMessage(reply, new ZmqEnvelope(null, reply, null, null), source.getName(), socket.type());
        if (replyPayloadType == null) {
            return replyMessage;
        }
        return ZmqIntegrationSupport.convert(mapper, replyMessage, replyPayloadType);
    }

    private ZmqSocket socket() {
        ZmqSocket socket = source.current();
        if (socket == null) {
            synchronized (this) {
                socket = source.open(getBeanFactory());
            }
            SocketType type = socket.type();
            Assert.state(type == SocketType.REQ || type == SocketType.DEALER,
                    () -> "an outbound gateway needs a REQ or DEALER socket; " + source + " is " + type);
        }
        return socket;
    }

    private ZmqMessage exchangeReq(ZmqSocket socket, ZmqMessage request, long deadline) {
        synchronized (reqLock) {
            if (replyOwed) {
                if (socket.receive(remaining(deadline)) == null) {
                    throw timeout("the reply to an earlier, timed-out request has not come yet, and a REQ socket cannot send before it has");
                }
                replyOwed = false;
            }
            if (!socket.send(request, remaining(deadline))) {
                throw timeout("the request could not be sent: no peer took it");
            }
            ZmqMessage reply = socket.receive(remaining(deadline));
            if (reply == null) {
                if (source.isOwned()) {
                    source.close(); // lazy pirate: a new REQ socket for the next request
                } else {
                    replyOwed = true;
                }
                throw timeout("no reply came");
            }
            return reply;
        }
    }

    private ZmqMessage exchangeDealer(ZmqSocket socket, ZmqMessage request, long deadline) {
        int id = ids.incrementAndGet();
        CompletableFuture<ZmqMessage> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            byte[] idFrame = ByteBuffer.allocate(4).putInt(id).array();
            if (!socket.send(request.prepend(idFrame, DELIMITER), remaining(deadline))) {
                throw timeout("the request could not be sent: no peer took it");
            }
            receiveNext(socket);
            return reply.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timeout("no reply came");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessageHandlingException(null, "interrupted while waiting for a reply", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new ZmqException(io.monocoque.zmq.ZmqError.ETERM, String.valueOf(cause), cause);
        } finally {
            pending.remove(id);
        }
    }

    private synchronized void receiveNext(ZmqSocket socket) {
        if (!receiving) {
            receiving = true;
            socket.receiveAsync().whenComplete((m, t) -> onReply(socket, m, t));
        }
    }

    private void onReply(ZmqSocket socket, ZmqMessage message, Throwable failure) {
        if (failure != null) {
            synchronized (this) {
                receiving = false;
            }
            pending.values().forEach(f -> f.completeExceptionally(failure));
            return;
        }
        if (message.size() >= 3 && message.frameLength(0) == 4 && message.frameLength(1) == 0) {
            CompletableFuture<ZmqMessage> waiting = pending.remove(message.frameBuffer(0).getInt());
            if (waiting != null) {
                waiting.complete(message.dropFirst(2));
            } else if (logger.isDebugEnabled()) {
                logger.debug("Dropped a late reply on " + source + ": its request timed out");
            }
        }
        synchronized (this) {
            if (pending.isEmpty() || socket.isClosed()) {
                receiving = false;
            } else {
                socket.receiveAsync().whenComplete((m, t) -> onReply(socket, m, t));
            }
        }
    }

    private ZmqReplyTimeoutException timeout(String why) {
        return new ZmqReplyTimeoutException("request on " + source + " timed out after " + replyTimeout.toMillis() + " ms: " + why);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    public List<String> getEndpoints() {
        return source.endpoints();
    }

    @Override
    public synchronized void start() {
        if (!running) {
            if (mapper == null) {
                mapper = ZmqIntegrationSupport.mapper(getBeanFactory());
            }
            socket();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            running = false;
            synchronized (reqLock) {
                replyOwed = false;
            }
            source.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
