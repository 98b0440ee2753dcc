package io.monocoque.spring.messaging;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

/**
 * A {@link SubscribableChannel} whose messages travel through a ZeroMQ socket pair: PUB/SUB
 * (every subscriber gets every message, optionally filtered by topic) or PUSH/PULL (each message
 * goes to one subscriber, round robin). Local by default (the pair meets on a private
 * {@code inproc} endpoint); {@linkplain #setRemote remote} when the sending socket connects to one
 * endpoint and the receiving socket to another, e.g. the frontend and backend of a
 * {@code ZmqProxy} shared by several processes.
 *
 * <p>Payloads go through the {@link ZmqMessageMapper}; of the headers only the topic travels
 * (the {@link ZmqHeaders#TOPIC} header, or the {@linkplain #setTopicFunction topic function}),
 * received messages carry the {@link ZmqHeaders}. Delivery is immediate: a thread blocked in
 * {@code receive} hands each message to the subscribers on arrival. Start and stop with the
 * application context or {@link #start()}/{@link #stop()}; stop then start creates a new pair.
 */
public class ZmqSubscribableChannel implements SubscribableChannel, SmartLifecycle, BeanNameAware, DisposableBean {

    private static final Log LOG = LogFactory.getLog(ZmqSubscribableChannel.class);

    private final ZmqSocketFactory socketFactory;
    private final ZmqMessageMapper mapper;
    private final boolean pubSub;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    private String name = "zmqChannel";
    private String sendEndpoint;
    private String receiveEndpoint;
    private String[] subscriptions = {""};
    private Function<Message<?>, ?> topicFunction;
    private Class<?> payloadType;
    private TaskExecutor taskExecutor;
    private boolean autoStartup = true;
    private int phase = SmartLifecycle.DEFAULT_PHASE - 1024;

    private volatile ZmqSocket sender;
    private volatile ZmqSocket receiver;
    private ZmqReceiveLoop loop;

    /** A channel on sockets from {@code socketFactory} (the application's defaults and customizers apply). */
    public ZmqSubscribableChannel(ZmqSocketFactory socketFactory, ZmqMessageMapper mapper, boolean pubSub) {
        Assert.notNull(socketFactory, "socketFactory is required");
        Assert.notNull(mapper, "mapper is required");
        this.socketFactory = socketFactory;
        this.mapper = mapper;
        this.pubSub = pubSub;
    }

    /** A channel on sockets of {@code context}. */
    public ZmqSubscribableChannel(ZmqContext context, ZmqMessageMapper mapper, boolean pubSub) {
        this((name, type) -> context.createSocket(type), mapper, pubSub);
    }

    @Override
    public void setBeanName(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    /** Whether this is a PUB/SUB channel (else PUSH/PULL). */
    public boolean isPubSub() {
        return pubSub;
    }

    /**
     * Talks through remote endpoints: the sending socket connects to {@code sendEndpoint} (a
     * proxy's frontend: XSUB or PULL), the receiving socket to {@code receiveEndpoint} (its
     * backend: XPUB or PUSH).
     */
    public void setRemote(String sendEndpoint, String receiveEndpoint) {
        Assert.hasText(sendEndpoint, "sendEndpoint is required");
        Assert.hasText(receiveEndpoint, "receiveEndpoint is required");
        this.sendEndpoint = sendEndpoint;
        this.receiveEndpoint = receiveEndpoint;
    }

    /** Topic prefixes the SUB socket subscribes to (default {@code ""}: everything). PUB/SUB only. */
    public void setSubscriptions(String... topics) {
        Assert.isTrue(pubSub, "subscriptions apply to a PUB/SUB channel");
        this.subscriptions = topics.clone();
    }

    /** The topic of each message sent (default: its {@link ZmqHeaders#TOPIC} header, or none). PUB/SUB only. */
    public void setTopicFunction(Function<Message<?>, ?> topicFunction) {
        this.topicFunction = topicFunction;
    }

    /** Converts received payloads to this type with the mapper's converters (default: {@code byte[]}). */
    public void setPayloadType(Class<?> payloadType) {
        this.payloadType = payloadType;
    }

    /** Where the receiving thread comes from (default: a new thread per start). */
    public void setTaskExecutor(TaskExecutor taskExecutor) {
        this.taskExecutor = taskExecutor;
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public void setPhase(int phase) {
        this.phase = phase;
    }

    // ---- SubscribableChannel ----------------------------------------------------------------------

    @Override
    public boolean subscribe(MessageHandler handler) {
        return subscribe(null, handler);
    }

    /**
     * Subscribes {@code handler} to the messages whose topic starts with {@code topicPrefix}
     * ({@code null}: all of them). PUB/SUB only when a prefix is given.
     */
    public boolean subscribe(String topicPrefix, MessageHandler handler) {
        Assert.notNull(handler, "handler is required");
        Assert.isTrue(topicPrefix == null || pubSub, "topic filters apply to a PUB/SUB channel");
        if (subscribers.stream().anyMatch(s -> s.handler == handler)) {
            return false;
        }
        return subscribers.add(new Subscriber(topicPrefix, handler));
    }

    @Override
    public boolean unsubscribe(MessageHandler handler) {
        return subscribers.removeIf(s -> s.handler == handler);
    }

    @Override
    public boolean send(Message<?> message, long timeout) {
        ZmqSocket s = sender;
        if (s == null) {
            throw new MessageDeliveryException(message, "ZeroMQ channel '" + name + "' is not running");
        }
        ZmqMessage frames = pubSub
                ? ZmqSocketMessageHandler.frames(message, SocketType.PUB, mapper, topicFunction != null ? topicFunction : ZmqSubscribableChannel::topicOrEmpty)
                : mapper.toZmqMessage(message);
        return timeout < 0 ? sendBlocking(s, frames) : s.send(frames, Duration.ofMillis(timeout));
    }

    private static boolean sendBlocking(ZmqSocket s, ZmqMessage frames) {
        s.send(frames);
        return true;
    }

    /** Every PUB/SUB message has a topic frame (empty without a topic), so payloads never pass for topics. */
    private static Object topicOrEmpty(Message<?> message) {
        Object topic = message.getHeaders().get(ZmqHeaders.TOPIC);
        return topic == null ? "" : topic;
    }

    private void dispatch(ZmqMessage received) {
        ZmqSocket r = receiver;
        SocketType type = r != null ? r.type() : pubSub ? SocketType.SUB : SocketType.PULL;
        ZmqEnvelope parts = ZmqEnvelope.split(received, type, false);
        Message<?> message = mapper.toMessage(received, parts, name, type);
        if (parts.topic() != null && parts.topic().isEmpty()) {
            message = MessageBuilder.fromMessage(message).removeHeader(ZmqHeaders.TOPIC).build();
        }
        if (payloadType != null) {
            message = MessageBuilder.withPayload(mapper.fromMessage(message, payloadType)).copyHeaders(message.getHeaders()).build();
        }
        if (pubSub) {
            String topic = parts.topic() == null ? "" : parts.topic();
            for (Subscriber s : subscribers) {
                if (s.topicPrefix == null || topic.startsWith(s.topicPrefix)) {
                    deliver(s, message);
                }
            }
        } else {
            List<Subscriber> current = List.copyOf(subscribers);
            if (current.isEmpty()) {
                LOG.warn("ZeroMQ channel '" + name + "' has no subscriber; dropped a message");
                return;
            }
            deliver(current.get(Math.floorMod(next.getAndIncrement(), current.size())), message);
        }
    }

    private void deliver(Subscriber s, Message<?> message) {
        try {
            s.handler.handleMessage(message);
        } catch (RuntimeException e) {
            LOG.error("Subscriber " + s.handler + " of ZeroMQ channel '" + name + "' failed", e);
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (sender != null) {
            return;
        }
        SocketType sendType = pubSub ? SocketType.PUB : SocketType.PUSH;
        SocketType receiveType = pubSub ? SocketType.SUB : SocketType.PULL;
        ZmqSocket out = socketFactory.createSocket(name + "-out", sendType);
        ZmqSocket in = null;
        try {
            in = socketFactory.createSocket(name + "-in", receiveType);
            if (pubSub) {
                for (String topic : subscriptions) {
                    in.subscribe(topic);
                }
            }
            if (sendEndpoint != null) {
                out.connect(sendEndpoint);
                in.connect(receiveEndpoint);
            } else {
                String endpoint = "inproc://monocoque-channel-" + name + "-" + UUID.randomUUID();
                out.bind(endpoint);
                in.connect(endpoint);
            }
        } catch (RuntimeException e) {
            out.close();
            if (in != null) {
                in.close();
            }
            throw e;
        }
        sender = out;
        receiver = in;
        loop = new ZmqReceiveLoop("ZeroMQ channel '" + name + "'", in, this::dispatch);
        loop.start(taskExecutor != null ? taskExecutor : ZmqReceiveLoop.defaultExecutor("zmq-channel-" + name + "-"), 1);
    }

    @Override
    public synchronized void stop() {
        ZmqSocket out = sender;
        ZmqSocket in = receiver;
        if (out == null) {
            return;
        }
        sender = null;
        receiver = null;
        loop.stop(Duration.ofSeconds(5));
        loop = null;
        out.close();
        in.close();
    }

    @Override
    public boolean isRunning() {
        return sender != null;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    @Override
    public void destroy() {
        stop();
    }

    @Override
    public String toString() {
        return "ZmqSubscribableChannel[" + name + (pubSub ? " pub/sub" : " push/pull")
                + (sendEndpoint == null ? " local" : " " + sendEndpoint + " -> " + receiveEndpoint) + "]";
    }

    private record Subscriber(String topicPrefix, MessageHandler handler) {
    }
}
