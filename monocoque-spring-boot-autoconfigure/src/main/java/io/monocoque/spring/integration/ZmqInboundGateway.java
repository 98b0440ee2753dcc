package io.monocoque.spring.integration;

import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.messaging.ZmqMessageFailures;
import io.monocoque.spring.messaging.ZmqReceiveLoop;
import io.monocoque.spring.messaging.ZmqSocketMessageHandler;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.integration.gateway.MessagingGatewaySupport;
import org.springframework.messaging.Message;
import org.springframework.util.Assert;

/**
 * An inbound gateway: each request a REP or ROUTER socket receives goes to the request channel,
 * and the flow's reply goes back to the peer that asked (a ROUTER keeps the request's envelope,
 * so REQ and DEALER peers, {@code ZmqTemplate} and {@link ZmqOutboundGateway} among them, get
 * their reply). Requests are handled the moment they arrive, on threads blocked in
 * {@code receive}.
 *
 * <p>When the flow fails (with no error channel to turn the failure into a reply) or produces no
 * reply, the peer still gets one, since a REQ peer can send nothing else before: the
 * {@linkplain #setErrorReplyFunction error reply} (default: one empty frame). Such requests are
 * counted as failed messages of the socket.
 *
 * <p>With a {@linkplain #setHeaderMapper header mapper}, headers a requester carried in a header
 * frame reach the flow, and the reply's headers travel back the same way. The socket is a
 * {@code monocoque.sockets.<name>} bean (with its CURVE or PLAIN security: the requester's
 * identity is the {@code zmq_userId} header) or one declared on the gateway, named after it.
 */
public class ZmqInboundGateway extends MessagingGatewaySupport {

    private static final Log LOG = LogFactory.getLog(ZmqInboundGateway.class);
    private static final byte[] EMPTY = new byte[0];

    private final ZmqSocketSource source;
    private ZmqMessageMapper mapper;
    private ZmqHeaderFrameMapper headerMapper;
    private ZmqTracePropagation tracePropagation;
    private boolean tracePropagationSet;
    private ZmqMessageFailures failures;
    private Class<?> payloadType;
    private int concurrency = 1;
    private TaskExecutor taskExecutor;
    private Function<Throwable, Object> errorReplyFunction = t -> EMPTY;
    private ZmqReceiveLoop loop;

    /** A gateway answering requests on the REP or ROUTER socket {@code source} gives. */
    public ZmqInboundGateway(ZmqSocketSource source) {
        Assert.notNull(source, "source is required");
        this.source = source;
        setPhase(SmartLifecycle.DEFAULT_PHASE - 1024);
    }

    /** Where the socket comes from. */
    public ZmqSocketSource getSocketSource() {
        return source;
    }

    /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
    public void setMessageMapper(ZmqMessageMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads headers carried with requests and carries the replies' headers (default: neither). */
    public void setHeaderMapper(ZmqHeaderFrameMapper headerMapper) {
        this.headerMapper = headerMapper;
    }

    /** Converts request payloads to this type with the mapper's converters (default {@code byte[]}). */
    public void setPayloadType(Class<?> payloadType) {
        this.payloadType = payloadType;
    }

    /** Requests handled at once on a ROUTER socket (a REP socket handles one at a time). */
    public void setConcurrency(int concurrency) {
        Assert.isTrue(concurrency > 0, "concurrency must be positive");
        this.concurrency = concurrency;
    }

    /** Where the receiving threads come from (default: the {@code zmqIntegrationTaskExecutor} bean). */
    public void setTaskExecutor(TaskExecutor taskExecutor) {
        this.taskExecutor = taskExecutor;
    }

    /**
     * The reply payload when the flow failed ({@code null} argument: it produced no reply);
     * converted like any reply.
     */
    public void setErrorReplyFunction(Function<Throwable, Object> errorReplyFunction) {
        Assert.notNull(errorReplyFunction, "errorReplyFunction is required");
        this.errorReplyFunction = errorReplyFunction;
    }

    /**
     * Reads the sender's trace context from header frames into the message headers, where Spring
     * Integration's observation ({@code spring.integration.management.observation-patterns})
     * continues the trace ({@code null}: not; default: the application's
     * {@code monocoque.observation.propagation.enabled}). A header mapper, when set, carries them anyway.
     */
    public void setTracePropagation(ZmqTracePropagation tracePropagation) {
        this.tracePropagation = tracePropagation;
        this.tracePropagationSet = true;
    }

    /** The endpoints the open socket is bound or connected to (wildcard ports resolved). */
    public List<String> getEndpoints() {
        return source.endpoints();
    }

    @Override
    public String getComponentType() {
        return "zmq:inbound-gateway";
    }

    @Override
    protected void onInit() {
        super.onInit();
        source.defaultName(getComponentName());
        if (mapper == null) {
            mapper = ZmqIntegrationSupport.mapper(getBeanFactory());
        }
        if (!tracePropagationSet) {
            tracePropagation = ZmqIntegrationSupport.tracePropagation(getBeanFactory());
        }
    }

    @Override
    protected void doStart() {
        super.doStart();
        failures = ZmqMessageFailures.find(getBeanFactory());
        ZmqSocket socket = source.open(getBeanFactory());
        if (socket.type() != SocketType.REP && socket.type() != SocketType.ROUTER && socket.type() != SocketType.SERVER
                && socket.type() != SocketType.PEER) {
            source.close();
            throw new IllegalStateException("an inbound gateway needs a REP, ROUTER, SERVER or PEER socket; " + source + " is " + socket.type());
        }
        TaskExecutor executor = taskExecutor != null ? taskExecutor : ZmqIntegrationSupport.taskExecutor(getBeanFactory(), "zmq-gateway-");
        loop = new ZmqReceiveLoop("ZeroMQ inbound gateway '" + getComponentName() + "'", socket, m -> handle(socket, m));
        loop.start(executor, socket.type().alternatesSendAndReceive() ? 1 : concurrency);
    }

    private void handle(ZmqSocket socket, ZmqMessage received) {
        SocketType type = socket.type();
        ZmqEnvelope parts = ZmqEnvelope.split(received, type, true);
        if (parts == null) {
            return; // not a request (a router got no envelope delimiter)
        }
        Object reply;
        try {
            Message<?> request = mapper.toMessage(received, parts, source.getName(), type);
            if (headerMapper != null) {
                request = headerMapper.withCarriedHeaders(request, parts.body(), 0);
            } else {
                request = ZmqIntegrationSupport.withCarriedTraceContext(request, tracePropagation, parts.body(), 0);
            }
            if (payloadType != null) {
                request = ZmqIntegrationSupport.convert(mapper, request, payloadType);
            }
            Message<?> replyMessage = sendAndReceiveMessage(request);
            if (replyMessage == null) {
                failed();
                reply = errorReplyFunction.apply(null);
            } else {
                reply = replyMessage;
            }
        } catch (RuntimeException e) {
            failed();
            LOG.warn("ZeroMQ inbound gateway '" + getComponentName() + "' failed on a request; replying with the error reply", e);
            reply = errorReply(e);
        }
        ZmqMessage frames;
        try {
            frames = replyFrames(reply, type);
        } catch (RuntimeException e) {
            failed();
            LOG.error("ZeroMQ inbound gateway '" + getComponentName() + "' could not convert its reply", e);
            frames = mapper.toZmqMessage(errorReply(e));
        }
        if (received.routingId() != 0) {
            socket.send(frames.withRoutingId(received.routingId())); // back on the connection the request came on
            return;
        }
        socket.send(parts.envelope() == null ? frames : frames.prepend(parts.envelope().frames().toArray(byte[][]::new)));
    }

    private ZmqMessage replyFrames(Object reply, SocketType type) {
        if (headerMapper != null && reply instanceof Message<?> message && !type.isSingleFrame()) {
            return ZmqSocketMessageHandler.frames(message, SocketType.PAIR, mapper, null, false, headerMapper);
        }
        return mapper.toZmqMessage(reply);
    }

    private void failed() {
        if (failures != null) {
            failures.record(source.getName());
        }
    }

    private Object errorReply(Throwable t) {
        Object reply = errorReplyFunction.apply(t);
        return reply == null ? EMPTY : reply;
    }

    @Override
    protected void doStop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(5));
            loop = null;
        }
        source.close();
        super.doStop();
    }
}
