package io.monocoque.spring.integration;

import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.messaging.ZmqMessageFailures;
import io.monocoque.spring.messaging.ZmqSocketMessageHandler;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.spring.support.micrometer.ZmqOutboundObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqSenderContext;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

import java.util.List;
import java.util.function.Function;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.integration.expression.ExpressionUtils;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.integration.support.management.ManageableLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.util.Assert;

/**
 * An outbound channel adapter: sends every message on a socket (PUB, XPUB, PUSH, PAIR, DEALER,
 * ROUTER), payload converted by the {@link ZmqMessageMapper}; a {@code ZmqMessage} payload is
 * sent as it is, every frame. On PUB and XPUB the topic frame comes from the
 * {@linkplain #setTopicExpression topic expression} or {@linkplain #setTopicFunction function},
 * else the {@code zmq_topic} header ("topic wrap", followed by an empty frame with
 * {@linkplain #setWrapTopic wrapTopic}, as {@code spring-integration-zeromq} frames it); on
 * ROUTER and SERVER the {@code zmq_routingId} header names the peer; on RADIO the
 * {@linkplain #setGroupFunction group function} or {@linkplain #setGroup group}, else the
 * {@code zmq_group} header, gives the group. Other headers travel only with a
 * {@linkplain #setHeaderMapper header mapper}, in a frame of their own before the payload.
 *
 * <p>Started and stopped by its endpoint (or {@link #start()}/{@link #stop()}); a declared socket
 * is named after the adapter, created on start (or on the first message) and closed on stop.
 * Messages that could not be sent count as failed messages of the socket.
 *
 * <p>With the application's {@code ObservationRegistry} every message is a {@code zmq.outbound}
 * observation ({@code ZmqTemplateObservation.OUTBOUND_OBSERVATION}); with trace propagation on
 * ({@code monocoque.observation.propagation.enabled}) its trace context travels in the header frame.
 */
public class ZmqOutboundChannelAdapter extends AbstractMessageHandler implements ManageableLifecycle {

    private final ZmqSocketSource source;
    private ZmqMessageMapper mapper;
    private ZmqHeaderFrameMapper headerMapper;
    private Function<Message<?>, ?> topicFunction;
    private Function<Message<?>, String> groupFunction;
    private Expression topicExpression;
    private boolean wrapTopic;
    private EvaluationContext evaluationContext;
    private ZmqMessageFailures failures;
    private volatile boolean running;
    private final ZmqOutboundObservations observations = new ZmqOutboundObservations();

    /** An adapter sending on the socket {@code source} gives. */
    public ZmqOutboundChannelAdapter(ZmqSocketSource source) {
        Assert.notNull(source, "source is required");
        this.source = source;
    }

    /** Where the socket comes from. */
    public ZmqSocketSource getSocketSource() {
        return source;
    }

    /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
    public void setMessageMapper(ZmqMessageMapper mapper) {
        this.mapper = mapper;
    }

    /** Carries the messages' headers in a frame before the payload (default: none travel). */
    public void setHeaderMapper(ZmqHeaderFrameMapper headerMapper) {
        this.headerMapper = headerMapper;
    }

    /**
     * Whether an empty frame follows the topic ({@code [topic, "", payload]}, the framing of
     * {@code spring-integration-zeromq}'s {@code wrapTopic}); default {@code false}, the plain
     * ZeroMQ {@code [topic, payload]}.
     */
    public void setWrapTopic(boolean wrapTopic) {
        this.wrapTopic = wrapTopic;
    }

    /** The topic of each message from a SpEL expression on the message, e.g. {@code headers.topic}. */
    public void setTopicExpression(Expression topicExpression) {
        this.topicExpression = topicExpression;
    }

    /** The topic of each message. */
    public void setTopicFunction(Function<Message<?>, ?> topicFunction) {
        this.topicFunction = topicFunction;
    }

    /** One topic for every message. */
    /**
     * The group of each message on a RADIO socket (default: the {@code zmq_group} header, which a
     * message received on a DISH carries).
     */
    public void setGroupFunction(Function<Message<?>, String> groupFunction) {
        this.groupFunction = groupFunction;
    }

    /** Every message in this group (RADIO). */
    public void setGroup(String group) {
        this.groupFunction = group == null ? null : m -> group;
    }

    public void setTopic(String topic) {
        this.topicFunction = topic == null ? null : m -> topic;
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

    /** Carries the trace context in the header frame ({@code null}: not; default: the application's setting). */
    public void setTracePropagation(ZmqTracePropagation tracePropagation) {
        observations.setPropagation(tracePropagation);
    }

    /** The endpoints the open socket is bound or connected to (wildcard ports resolved). */
    public List<String> getEndpoints() {
        return source.endpoints();
    }

    @Override
    public String getComponentType() {
        return "zmq:outbound-channel-adapter";
    }

    @Override
    protected void onInit() {
        super.onInit();
        source.defaultName(getComponentName());
        if (mapper == null) {
            mapper = ZmqIntegrationSupport.mapper(getBeanFactory());
        }
        if (topicExpression != null) {
            evaluationContext = ExpressionUtils.createStandardEvaluationContext(getBeanFactory());
        }
        observations.init(getBeanFactory());
    }

    @Override
    protected void handleMessageInternal(Message<?> message) {
        try {
            ZmqSocket socket = source.current();
            if (socket == null) {
                socket = open();
            }
            if (headerMapper != null && socket.type().isSingleFrame()) {
                throw new MessageConversionException(message, source + " is a " + socket.type() + " socket, which sends single-frame "
                        + "messages only: it cannot carry a header frame (remove the header mapper)");
            }
            Function<Message<?>, ?> topic = socket.type() == SocketType.RADIO ? groupFunction : topic();
            if (!observations.observed()) {
                socket.send(ZmqSocketMessageHandler.frames(message, socket.type(), mapper, topic, wrapTopic, headerMapper));
                return;
            }
            ZmqSocket target = socket;
            observations.observe(source.getName(), socket.type(), ZmqSenderContext.Operation.SEND, getComponentName(), headerMapper,
                    headerFrame -> {
                        target.send(ZmqSocketMessageHandler.framesWithHeaderFrame(message, target.type(), mapper, topic, wrapTopic,
                                headerFrame));
                        return null;
                    });
        } catch (RuntimeException e) {
            if (failures != null) {
                failures.record(source.getName());
            }
            throw e;
        }
    }

    private Function<Message<?>, ?> topic() {
        if (topicExpression != null) {
            return m -> topicExpression.getValue(evaluationContext, m);
        }
        return topicFunction;
    }

    private synchronized ZmqSocket open() {
        if (failures == null) {
            failures = ZmqMessageFailures.find(getBeanFactory());
        }
        ZmqSocket socket = source.open(getBeanFactory());
        SocketType type = socket.type();
        if (!type.canSend() || type.isSubscriber() || type == SocketType.REP) {
            source.close();
            throw new IllegalStateException("an outbound adapter needs a sending socket; " + source + " is " + type
                    + (type == SocketType.REP ? " (use an inbound gateway to answer requests)" : ""));
        }
        return socket;
    }

    @Override
    public synchronized void start() {
        if (!running) {
            if (mapper == null) {
                mapper = ZmqIntegrationSupport.mapper(getBeanFactory());
            }
            open();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            running = false;
            source.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
