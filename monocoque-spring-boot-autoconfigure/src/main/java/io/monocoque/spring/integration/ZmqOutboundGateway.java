package io.monocoque.spring.integration;

import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.core.DealerRequests;
import io.monocoque.spring.core.ReqSockets;
import io.monocoque.spring.core.ZmqReplyTimeoutException;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.messaging.ZmqMessageFailures;
import io.monocoque.spring.messaging.ZmqSocketMessageHandler;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.spring.support.micrometer.ZmqOutboundObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqSenderContext;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.support.management.ManageableLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.util.Assert;

/**
 * An outbound gateway: sends each request on a REQ, DEALER or CLIENT socket and produces the reply, or
 * fails with a {@link ZmqReplyTimeoutException} (the exception {@code ZmqTemplate} throws too,
 * carrying the request as failed message) when none comes within the
 * {@linkplain #setReplyTimeout reply timeout}.
 *
 * <p>A DEALER carries concurrent requests, each behind a request-id frame and the empty
 * delimiter, which REP and ROUTER peers echo back; a late reply to a request that timed out is
 * dropped. A REQ carries one request at a time, and a REQ socket whose request timed out cannot
 * send again before the reply comes, which it may never do (the server was restarted, the
 * request lost). So after a timeout the gateway goes on with a fresh socket (the "lazy pirate"
 * pattern): a declared REQ socket is closed and created again; for a {@code monocoque.sockets}
 * REQ socket a second socket is made from the same definition (endpoints, options, security)
 * and used until the gateway stops, the bean itself staying with the application. Only a REQ
 * socket handed over as it is must first receive its late reply. A REQ socket with
 * {@code REQ_RELAXED} and {@code REQ_CORRELATE} needs none of this: it sends the next request at
 * once and drops the late reply. Either way a late reply never answers a later request. A CLIENT
 * (a draft type: single-frame, no envelope to match a reply by) is treated as a strict REQ: one
 * request at a time, a fresh socket after a timeout; it carries no header frame.
 *
 * <p>With a {@linkplain #setHeaderMapper header mapper}, the request's headers travel in a frame
 * before its payload, and headers carried with the reply come back. Timed-out and failed
 * requests count as failed messages of the socket.
 *
 * <p>With the application's {@code ObservationRegistry} every request is a {@code zmq.outbound}
 * observation ({@code ZmqTemplateObservation.OUTBOUND_OBSERVATION}); with trace propagation on
 * ({@code monocoque.observation.propagation.enabled}) its trace context travels in the header frame.
 */
public class ZmqOutboundGateway extends AbstractReplyProducingMessageHandler implements ManageableLifecycle {

    private final ZmqSocketSource source;
    private ZmqMessageMapper mapper;
    private ZmqHeaderFrameMapper headerMapper;
    private Class<?> replyPayloadType;
    private Duration replyTimeout = Duration.ofSeconds(5);
    private ZmqMessageFailures failures;
    private volatile boolean running;
    private final ZmqOutboundObservations observations = new ZmqOutboundObservations();

    /** Serializes REQ exchanges: a REQ socket carries one request at a time. */
    private final Object reqLock = new Object();
    /** REQ sockets that sent a request whose reply has not come (a bean socket may be used again); guarded by reqLock. */
    private final Set<ZmqSocket> owingReply = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Requests on the current DEALER socket; replaced with the socket. */
    private DealerRequests dealer;

    /** A gateway requesting over the REQ or DEALER socket {@code source} gives. */
    public ZmqOutboundGateway(ZmqSocketSource source) {
        Assert.notNull(source, "source is required");
        this.source = source;
        setRequiresReply(true);
    }

    /** Where the socket comes from. */
    public ZmqSocketSource getSocketSource() {
        return source;
    }

    /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
    public void setMessageMapper(ZmqMessageMapper mapper) {
        this.mapper = mapper;
    }

    /** Carries the requests' headers and reads those carried with replies (default: neither). */
    public void setHeaderMapper(ZmqHeaderFrameMapper headerMapper) {
        this.headerMapper = headerMapper;
    }

    /** Converts reply payloads to this type (default {@code byte[]}; {@code ZmqMessage}: every frame). */
    public void setReplyPayloadType(Class<?> replyPayloadType) {
        this.replyPayloadType = replyPayloadType;
    }

    /** How long a request waits for its reply (default 5 s), sending included. */
    public void setReplyTimeout(Duration replyTimeout) {
        Assert.isTrue(replyTimeout != null && !replyTimeout.isNegative(), "replyTimeout must be zero or positive");
        this.replyTimeout = replyTimeout;
    }

    /** How long a request waits for its reply. */
    public Duration getReplyTimeout() {
        return replyTimeout;
    }

    /**
     * The registry of the {@code zmq.outbound} observations (default: the application's
     * {@code ObservationRegistry} bean). Spring Integration's own handler observation
     * ({@link #registerObservationRegistry}) is separate.
     */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        observations.setRegistry(observationRegistry);
    }

    /** Names and tags the {@code zmq.outbound} observations (default: the application's convention bean, else the default). */
    public void setOutboundObservationConvention(ZmqOutboundObservationConvention convention) {
        observations.setConvention(convention);
    }

    /** Carries the trace context in the request's header frame ({@code null}: not; default: the application's setting). */
    public void setTracePropagation(ZmqTracePropagation tracePropagation) {
        observations.setPropagation(tracePropagation);
    }

    @Override
    public String getComponentType() {
        return "zmq:outbound-gateway";
    }

    @Override
    protected void doInit() {
        source.defaultName(getComponentName());
        if (mapper == null) {
            mapper = ZmqIntegrationSupport.mapper(getBeanFactory());
        }
        observations.init(getBeanFactory());
    }

    @Override
    protected Object handleRequestMessage(Message<?> requestMessage) {
        long deadline = System.nanoTime() + replyTimeout.toNanos();
        ZmqMessage reply;
        SocketType type;
        try {
            ZmqSocket socket = socket();
            type = socket.type();
            if (observations.observed()) {
                reply = observations.observe(source.getName(), type, ZmqSenderContext.Operation.REQUEST, getComponentName(), headerMapper,
                        headerFrame -> exchange(socket, ZmqSocketMessageHandler.framesWithHeaderFrame(requestMessage, framing(type), mapper,
                                null, false, headerFrame), deadline));
            } else {
                reply = exchange(socket, ZmqSocketMessageHandler.frames(requestMessage, framing(type), mapper, null, false, headerMapper),
                        deadline);
            }
        } catch (ZmqReplyTimeoutException e) {
            failed();
            throw new ZmqReplyTimeoutException(requestMessage, e.getMessage());
        } catch (RuntimeException e) {
            failed();
            throw e;
        }
        Message<?> replyMessage = mapper.toMessage(reply, new ZmqEnvelope(null, reply, null, null), source.getName(), type);
        if (headerMapper != null) {
            replyMessage = headerMapper.withCarriedHeaders(replyMessage, reply, 0);
        }
        if (replyPayloadType == null) {
            return replyMessage;
        }
        return ZmqIntegrationSupport.convert(mapper, replyMessage, replyPayloadType);
    }

    private ZmqMessage exchange(ZmqSocket socket, ZmqMessage request, long deadline) {
        // REQ and CLIENT carry one request at a time; a DEALER any number, matched by request id
        return socket.type() == SocketType.DEALER ? exchangeDealer(socket, request, deadline) : exchangeReq(request, deadline);
    }

    /** How a request is framed: as on a PAIR (no topic, no routing frame), or single-frame on a CLIENT (no header frame). */
    private static SocketType framing(SocketType type) {
        return type.isSingleFrame() ? type : SocketType.PAIR;
    }

    private void failed() {
        ZmqMessageFailures f = failures;
        if (f != null) {
            f.record(source.getName());
        }
    }

    private ZmqSocket socket() {
        ZmqSocket socket = source.current();
        if (socket == null) {
            synchronized (this) {
                if (failures == null) {
                    failures = ZmqMessageFailures.find(getBeanFactory());
                }
                socket = source.open(getBeanFactory());
            }
            SocketType type = socket.type();
            if (type != SocketType.REQ && type != SocketType.DEALER && type != SocketType.CLIENT) {
                source.close();
                throw new IllegalStateException("an outbound gateway needs a REQ, DEALER or CLIENT socket; " + source + " is " + type);
            }
        }
        return socket;
    }

    private ZmqMessage exchangeReq(ZmqMessage request, long deadline) {
        synchronized (reqLock) {
            // Taken under the lock: the exchange before this one may have replaced the socket.
            ZmqSocket socket = socket();
            owingReply.removeIf(ZmqSocket::isClosed); // a closed socket owes nothing
            if (owingReply.contains(socket)) {
                socket = settleOwedReply(socket, deadline);
            }
            if (!socket.send(request, remaining(deadline))) {
                throw timeout("the request could not be sent: no peer took it");
            }
            ZmqMessage reply = socket.receive(remaining(deadline));
            if (reply == null) {
                if (!ReqSockets.goesOnAfterATimeout(socket)) {
                    // A relaxed, correlating REQ sends again and drops the late reply itself; any
                    // other goes on with a fresh socket when one can be made.
                    owingReply.add(socket);
                    renew();
                }
                throw timeout("no reply came");
            }
            return reply;
        }
    }

    /**
     * A REQ socket can send again once the reply to its timed-out request came: taken if it is
     * there; else the gateway goes on with a fresh socket, or, when it cannot make one, waits for
     * the reply within this request's time.
     */
    private ZmqSocket settleOwedReply(ZmqSocket socket, long deadline) {
        if (socket.tryReceive() != null) {
            owingReply.remove(socket); // the late reply: dropped, it answers nothing any more
            return socket;
        }
        ZmqSocket fresh = renew();
        if (fresh != null) {
            return fresh;
        }
        if (socket.receive(remaining(deadline)) == null) {
            throw timeout("the reply to an earlier, timed-out request has not come yet, and a " + socket.type() + " socket handed over as it is cannot "
                    + "send before it has (declare the socket on the gateway or under monocoque.sockets, or use a DEALER)");
        }
        owingReply.remove(socket);
        return socket;
    }

    /** A fresh socket in place of one that owes a reply, or {@code null} when none can be made. */
    private ZmqSocket renew() {
        try {
            return source.renew(getBeanFactory());
        } catch (RuntimeException e) {
            logger.warn(e, () -> "Could not make a fresh socket for " + source + " after a timed-out request; the next request waits "
                    + "for the late reply first");
            return null;
        }
    }

    private ZmqMessage exchangeDealer(ZmqSocket socket, ZmqMessage request, long deadline) {
        try {
            return dealer(socket).exchange(request, deadline, this::timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessageHandlingException(null, "interrupted while waiting for a reply", e);
        }
    }

    private synchronized DealerRequests dealer(ZmqSocket socket) {
        if (dealer == null || dealer.socket() != socket) {
            dealer = new DealerRequests(socket, source.toString());
        }
        return dealer;
    }

    private ZmqReplyTimeoutException timeout(String why) {
        return new ZmqReplyTimeoutException("request on " + source + " timed out after " + replyTimeout.toMillis() + " ms: " + why);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    /** The endpoints the open socket is bound or connected to (wildcard ports resolved). */
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
    public void stop() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        // Not under this object's lock: a REQ exchange in progress holds reqLock and may need it.
        // A bean REQ socket still owing a reply stays marked: if it is used again, the gateway
        // first looks for that reply (or goes on with a fresh socket).
        synchronized (reqLock) {
            source.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
