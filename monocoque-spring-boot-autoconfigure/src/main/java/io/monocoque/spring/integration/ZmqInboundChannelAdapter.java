package io.monocoque.spring.integration;

import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.messaging.ZmqMessageFailures;
import io.monocoque.spring.messaging.ZmqReceiveLoop;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;
import org.springframework.util.Assert;

/**
 * An inbound channel adapter: every message a receiving socket (SUB, XSUB, PULL, PAIR, DEALER,
 * ROUTER; REP is for the {@link ZmqInboundGateway}) gets goes to the output channel the moment it
 * arrives, on a thread blocked in {@code receive} (no polling delay).
 *
 * <p>The payload is the message's last frame, as {@code byte[]} or converted to the
 * {@linkplain #setPayloadType payload type} ({@code ZmqMessage.class}: the whole message, every
 * frame, as {@code spring-integration-zeromq}'s {@code receiveRaw}). The {@code ZmqHeaders}
 * carry the topic, the router's routing id and the peer. On SUB and XSUB the first frame of a
 * multipart message is the topic ("topic unwrap"): {@code [topic, payload]} and
 * {@code spring-integration-zeromq}'s {@code [topic, "", payload]} both give the topic in
 * {@code zmq_topic} and the payload; {@linkplain #setUnwrapTopic without unwrapping} no topic
 * header is set. With a {@linkplain #setHeaderMapper header mapper}, headers a sender carried
 * in a header frame come back too.
 *
 * <p>The socket is a {@code monocoque.sockets.<name>} bean or one declared on the adapter, which
 * is named after the adapter, created on start and closed on stop; stop then start again
 * re-creates it. The adapter starts after the configured sockets are bound and stops before they
 * close (phase {@code SmartLifecycle.DEFAULT_PHASE - 1024}).
 */
public class ZmqInboundChannelAdapter extends MessageProducerSupport {

    private final ZmqSocketSource source;
    private ZmqMessageMapper mapper;
    private ZmqHeaderFrameMapper headerMapper;
    private ZmqTracePropagation tracePropagation;
    private boolean tracePropagationSet;
    private Class<?> payloadType;
    private boolean unwrapTopic = true;
    private int concurrency = 1;
    private TaskExecutor taskExecutor;
    private ZmqMessageFailures failures;
    private ZmqReceiveLoop loop;

    /** An adapter receiving on the socket {@code source} gives. */
    public ZmqInboundChannelAdapter(ZmqSocketSource source) {
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

    /** Reads headers a sender carried in a header frame (default: none are read). */
    public void setHeaderMapper(ZmqHeaderFrameMapper headerMapper) {
        this.headerMapper = headerMapper;
    }

    /** Converts payloads to this type with the mapper's converters (default {@code byte[]}; {@code ZmqMessage}: every frame). */
    public void setPayloadType(Class<?> payloadType) {
        this.payloadType = payloadType;
    }

    /**
     * Whether a SUB socket's first frame is the topic, moved into the {@code zmq_topic} header
     * (default); off, no topic header is set and the payload is still the last frame.
     */
    public void setUnwrapTopic(boolean unwrapTopic) {
        this.unwrapTopic = unwrapTopic;
    }

    /** Receiving threads (default 1, which keeps messages in order). */
    public void setConcurrency(int concurrency) {
        Assert.isTrue(concurrency > 0, "concurrency must be positive");
        this.concurrency = concurrency;
    }

    /** Where the receiving threads come from (default: the {@code zmqIntegrationTaskExecutor} bean). */
    public void setTaskExecutor(TaskExecutor taskExecutor) {
        this.taskExecutor = taskExecutor;
    }

    /** Subscribes a SUB socket to more topic prefixes, now and on every later start. */
    public void subscribeToTopics(String... topics) {
        source.subscribe(topics);
    }

    /** Takes back topic prefixes given to {@link #subscribeToTopics} or the DSL's {@code topics}. */
    public void unsubscribeFromTopics(String... topics) {
        source.unsubscribe(topics);
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
        return "zmq:inbound-channel-adapter";
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
        failures = ZmqMessageFailures.find(getBeanFactory());
        ZmqSocket socket = source.open(getBeanFactory());
        if (!socket.type().canReceive() || socket.type() == SocketType.REQ) {
            source.close();
            throw new IllegalStateException("an inbound adapter needs a receiving socket; " + source + " is " + socket.type()
                    + (socket.type() == SocketType.REQ ? " (use an outbound gateway for requests)" : ""));
        }
        TaskExecutor executor = taskExecutor != null ? taskExecutor : ZmqIntegrationSupport.taskExecutor(getBeanFactory(), "zmq-inbound-");
        loop = new ZmqReceiveLoop("ZeroMQ inbound adapter '" + getComponentName() + "'", socket, m -> receive(socket, m));
        loop.start(executor, concurrency);
    }

    private void receive(ZmqSocket socket, ZmqMessage received) {
        SocketType type = socket.type();
        boolean sub = type.isSubscriber();
        ZmqEnvelope parts = sub && !unwrapTopic ? new ZmqEnvelope(null, received, null, null) : ZmqEnvelope.split(received, type, false);
        if (parts == null) {
            return;
        }
        try {
            Message<?> message = mapper.toMessage(received, parts, source.getName(), type);
            if (headerMapper != null) {
                message = headerMapper.withCarriedHeaders(message, parts.body(), sub ? 1 : 0);
            } else {
                message = ZmqIntegrationSupport.withCarriedTraceContext(message, tracePropagation, parts.body(), sub ? 1 : 0);
            }
            if (payloadType != null) {
                message = ZmqIntegrationSupport.convert(mapper, message, payloadType);
            }
            sendMessage(message);
        } catch (RuntimeException e) {
            if (failures != null) {
                failures.record(source.getName());
            }
            throw e;
        }
    }

    @Override
    protected void doStop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(5));
            loop = null;
        }
        source.close();
    }
}
