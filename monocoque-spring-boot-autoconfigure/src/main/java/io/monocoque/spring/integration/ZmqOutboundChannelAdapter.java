package io.monocoque.spring.integration;

import io.monocoque.spring.messaging.ZmqSocketMessageHandler;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqMessageMapper;
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
import org.springframework.util.Assert;

/**
 * An outbound channel adapter: sends every message on a socket (PUB, XPUB, PUSH, PAIR, DEALER,
 * ROUTER), payload converted by the {@link ZmqMessageMapper}. On PUB and XPUB the topic frame
 * comes from the {@linkplain #setTopicExpression topic expression} or
 * {@linkplain #setTopicFunction function}, else the {@code zmq_topic} header (topic wrap); on
 * ROUTER the {@code zmq_routingId} header names the peer.
 *
 * <p>Started and stopped by its endpoint (or {@link #start()}/{@link #stop()}); a declared socket
 * is created on start (or on the first message) and closed on stop.
 */
public class ZmqOutboundChannelAdapter extends AbstractMessageHandler implements ManageableLifecycle {

    private final ZmqSocketSource source;
    private ZmqMessageMapper mapper;
    private Function<Message<?>, ?> topicFunction;
    private Expression topicExpression;
    private EvaluationContext evaluationContext;
    private volatile boolean running;

    public ZmqOutboundChannelAdapter(ZmqSocketSource source) {
        Assert.notNull(source, "source is required");
        this.source = source;
    }

    public ZmqSocketSource getSocketSource() {
        return source;
    }

    public void setMessageMapper(ZmqMessageMapper mapper) {
        this.mapper = mapper;
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
    public void setTopic(String topic) {
        this.topicFunction = topic == null ? null : m -> topic;
    }

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
        if (mapper == null) {
            mapper = ZmqIntegrationSupport.mapper(getBeanFactory());
        }
        if (topicExpression != null) {
            evaluationContext = ExpressionUtils.createStandardEvaluationContext(getBeanFactory());
        }
    }

    @Override
    protected void handleMessageInternal(Message<?> message) {
        ZmqSocket socket = source.current();
        if (socket == null) {
            socket = open();
        }
        socket.send(ZmqSocketMessageHandler.frames(message, socket.type(), mapper, topic()));
    }

    private Function<Message<?>, ?> topic() {
        if (topicExpression != null) {
            return m -> topicExpression.getValue(evaluationContext, m);
        }
        return topicFunction;
    }

    private synchronized ZmqSocket open() {
        ZmqSocket socket = source.open(getBeanFactory());
        SocketType type = socket.type();
        Assert.state(type != SocketType.SUB && type != SocketType.XSUB && type != SocketType.PULL,
                () -> "an outbound adapter needs a sending socket; " + source + " is " + type);
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
