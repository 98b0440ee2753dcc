package io.monocoque.spring.messaging;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.Assert;

/**
 * A {@link SubscribableChannel} whose messages travel through a ZeroMQ socket pair: PUB/SUB
 * (every subscriber gets every message, optionally filtered by topic) or PUSH/PULL (each message
 * goes to one subscriber, round robin). Local by default (the pair meets on a private
 * {@code inproc} endpoint); {@linkplain #setRemote remote} when the sending socket connects to one
 * endpoint and the receiving socket to another, e.g. the frontend and backend of a
 * {@code ZmqProxyBean} shared by several processes, each with a channel of its own.
 *
 * <p>A message arrives with the headers it was sent with, as through any Spring channel: they
 * travel in a JSON frame before the payload (see {@link ZmqHeaderFrameMapper}; a
 * {@code String} payload arrives as a {@code String}). {@linkplain #setHeaderMapper Without a
 * header mapper} only the payload and the topic travel, which is all a plain ZeroMQ peer on the
 * other side of a proxy expects. On PUB/SUB the topic frame is the {@link ZmqHeaders#TOPIC}
 * header (or the {@linkplain #setTopicFunction topic function}), and received messages carry
 * the {@link ZmqHeaders} of the receiving socket. Payloads go through the
 * {@link ZmqMessageMapper}.
 *
 * <p>Delivery is immediate: a thread blocked in {@code receive} hands each message to the
 * subscribers on arrival. Start and stop with the application context or
 * {@link #start()}/{@link #stop()}; stop then start creates a new pair.
 */
public class ZmqSubscribableChannel implements SubscribableChannel, SmartLifecycle, BeanNameAware, BeanFactoryAware, DisposableBean {

    private static final Log LOG = LogFactory.getLog(ZmqSubscribableChannel.class);

    private final ZmqSocketFactory socketFactory;
    private final ZmqMessageMapper mapper;
    private final boolean pubSub;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    private String name = "zmqChannel";
    private Supplier<String> sendEndpoint;
    private Supplier<String> receiveEndpoint;
    private String[] subscriptions = {""};
    private Function<Message<?>, ?> topicFunction;
    private Class<?> payloadType;
    private ZmqHeaderFrameMapper headerMapper = new ZmqHeaderFrameMapper();
    private Consumer<ZmqSocket> sendSocketCustomizer = s -> { };
    private Consumer<ZmqSocket> receiveSocketCustomizer = s -> { };
    private BeanFactory beanFactory;
    private ZmqMessageFailures failures;
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

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /** The channel's name (its bean name); its sockets are {@code <name>-out} and {@code <name>-in}. */
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
        this.sendEndpoint = () -> sendEndpoint;
        this.receiveEndpoint = () -> receiveEndpoint;
    }

    /**
     * Talks through remote endpoints known only when the channel starts, such as those of a
     * {@code ZmqProxyBean} in the same application:
     * {@code channel.setRemote(proxy::getFrontendConnectEndpoint, proxy::getBackendConnectEndpoint)}
     * (the proxy starts in an earlier phase than the channel).
     */
    public void setRemote(Supplier<String> sendEndpoint, Supplier<String> receiveEndpoint) {
        Assert.notNull(sendEndpoint, "sendEndpoint is required");
        Assert.notNull(receiveEndpoint, "receiveEndpoint is required");
        this.sendEndpoint = sendEndpoint;
        this.receiveEndpoint = receiveEndpoint;
    }

    /**
     * How headers travel (default: every header a {@link ZmqHeaderFrameMapper} can carry);
     * {@code null}: none do, only the payload and the topic.
     */
    public void setHeaderMapper(ZmqHeaderFrameMapper headerMapper) {
        this.headerMapper = headerMapper;
    }

    /** Options, such as CURVE keys, for the sending socket, before it connects or binds. */
    public void setSendSocketCustomizer(Consumer<ZmqSocket> customizer) {
        Assert.notNull(customizer, "customizer is required");
        this.sendSocketCustomizer = customizer;
    }

    /** Options, such as CURVE keys, for the receiving socket, before it connects. */
    public void setReceiveSocketCustomizer(Consumer<ZmqSocket> customizer) {
        Assert.notNull(customizer, "customizer is required");
        this.receiveSocketCustomizer = customizer;
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

    /** Whether the channel starts with the application context (default {@code true}). */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    /** The lifecycle phase (default {@code SmartLifecycle.DEFAULT_PHASE - 1024}: after configured sockets and proxies). */
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
        boolean sent;
        try {
            ZmqMessage frames = ZmqSocketMessageHandler.frames(message, pubSub ? SocketType.PUB : SocketType.PUSH, mapper,
                    pubSub ? (topicFunction != null ? topicFunction : ZmqSubscribableChannel::topicOrEmpty) : null, false, headerMapper);
            sent = timeout < 0 ? sendBlocking(s, frames) : s.send(frames, Duration.ofMillis(timeout));
        } catch (RuntimeException e) {
            failed(name + "-out");
            throw e;
        }
        if (!sent) {
            failed(name + "-out");
        }
        return sent;
    }

    private void failed(String socketName) {
        ZmqMessageFailures f = failures;
        if (f != null) {
            f.record(socketName);
        }
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
        Message<?> message;
        try {
            message = mapper.toMessage(received, parts, name, type);
            if (headerMapper != null) {
                message = headerMapper.withCarriedHeaders(message, parts.body(), parts.topic() != null ? 1 : 0);
            }
            if (parts.topic() != null && parts.topic().isEmpty()) {
                message = withoutTopic(message);
            }
            if (payloadType != null && !payloadType.isInstance(message.getPayload())) {
                message = new GenericMessage<>(mapper.fromMessage(message, payloadType), message.getHeaders());
            }
        } catch (RuntimeException e) {
            failed(name + "-in");
            LOG.error("ZeroMQ channel '" + name + "' could not convert a " + received.size() + "-frame message; dropped it", e);
            return;
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

    /** The message without the empty topic every PUB/SUB channel message has when sent without one. */
    private static Message<?> withoutTopic(Message<?> message) {
        if (message.getHeaders().get(ZmqHeaders.TOPIC) == null) {
            return message;
        }
        Map<String, Object> headers = new HashMap<>(message.getHeaders());
        headers.remove(ZmqHeaders.TOPIC);
        // keep the id and timestamp the message was sent with: MessageBuilder would make new ones
        return new GenericMessage<>(message.getPayload(), new SameIdHeaders(headers));
    }

    private void deliver(Subscriber s, Message<?> message) {
        try {
            s.handler.handleMessage(message);
        } catch (RuntimeException e) {
            failed(name + "-in");
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
        failures = ZmqMessageFailures.find(beanFactory);
        String remoteSend = null;
        String remoteReceive = null;
        if (sendEndpoint != null) {
            remoteSend = sendEndpoint.get();
            remoteReceive = receiveEndpoint.get();
            Assert.state(remoteSend != null && remoteReceive != null, () -> "ZeroMQ channel '" + name
                    + "' has no remote endpoints to connect to (is the proxy it talks through running?)");
        }
        ZmqSocket out = socketFactory.createSocket(name + "-out", sendType);
        ZmqSocket in = null;
        try {
            sendSocketCustomizer.accept(out);
            in = socketFactory.createSocket(name + "-in", receiveType);
            receiveSocketCustomizer.accept(in);
            if (pubSub) {
                for (String topic : subscriptions) {
                    in.subscribe(topic);
                }
            }
            if (remoteSend != null) {
                out.connect(remoteSend);
                in.connect(remoteReceive);
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
        ZmqSocket out = sender;
        ZmqSocket in = receiver;
        return "ZmqSubscribableChannel[" + name + (pubSub ? " pub/sub" : " push/pull")
                + (sendEndpoint == null ? " local" : out == null ? " remote" : " " + out.endpoints() + " -> " + in.endpoints()) + "]";
    }

    private record Subscriber(String topicPrefix, MessageHandler handler) {
    }

    /** Headers that keep the id and timestamp they are given. */
    private static final class SameIdHeaders extends MessageHeaders {

        private static final long serialVersionUID = 1L;

        SameIdHeaders(Map<String, Object> headers) {
            super(headers, (UUID) headers.get(ID), (Long) headers.get(TIMESTAMP));
        }
    }
}
