package io.monocoque.spring.integration;

import io.monocoque.spring.messaging.ZmqReceiveLoop;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;

import org.springframework.core.task.TaskExecutor;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

/**
 * An inbound channel adapter: every message a receiving socket (SUB, XSUB, PULL, PAIR, DEALER,
 * ROUTER, REP is for the {@link ZmqInboundGateway}) gets goes to the output channel the moment it
 * arrives, on a thread blocked in {@code receive} (no polling delay).
 *
 * <p>The payload is the message's last frame, as {@code byte[]} or converted to the
 * {@linkplain #setPayloadType payload type}; the {@code ZmqHeaders} carry the topic (SUB: the
 * first frame is unwrapped into {@code zmq_topic}, unless {@linkplain #setUnwrapTopic turned
 * off}), the router's routing id and the peer. Stop then start again re-creates a declared socket.
 */
public class ZmqInboundChannelAdapter extends MessageProducerSupport {

    private final ZmqSocketSource source;
    private ZmqMessageMapper mapper;
    private Class<?> payloadType;
    private boolean unwrapTopic = true;
    private int concurrency = 1;
    private TaskExecutor taskExecutor;
    private ZmqReceiveLoop loop;

    public ZmqInboundChannelAdapter(ZmqSocketSource source) {
        Assert.notNull(source, "source is required");
        this.source = source;
    }

    public ZmqSocketSource getSocketSource() {
        return source;
    }

    public void setMessageMapper(ZmqMessageMapper mapper) {
        this.mapper = mapper;
    }

    /** Converts payloads to this type with the mapper's converters (default {@code byte[]}). */
    public void setPayloadType(Class<?> payloadType) {
        this.payloadType = payloadType;
    }

    /**
     * Whether a SUB socket's first frame is the topic, moved into the {@code zmq_topic} header
     * (default); off, the payload is the first frame as a peer that does not frame topics sent it.
     */
    public void setUnwrapTopic(boolean unwrapTopic) {
        this.unwrapTopic = unwrapTopic;
    }

    /** Receiving threads (default 1, which keeps messages in order). */
    public void setConcurrency(int concurrency) {
        Assert.isTrue(concurrency > 0, "concurrency must be positive");
        this.concurrency = concurrency;
    }

    public void setTaskExecutor(TaskExecutor taskExecutor) {
        this.taskExecutor = taskExecutor;
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
        if (mapper == null) {
            mapper = ZmqIntegrationSupport.mapper(getBeanFactory());
        }
    }

    @Override
    protected void doStart() {
        ZmqSocket socket = source.open(getBeanFactory());
        Assert.state(socket.type() != SocketType.PUB && socket.type() != SocketType.PUSH,
                () -> "an inbound adapter needs a receiving socket; " + source + " is " + socket.type());
        TaskExecutor executor = taskExecutor != null ? taskExecutor : ZmqIntegrationSupport.taskExecutor(getBeanFactory(), "zmq-inbound-");
        loop = new ZmqReceiveLoop("ZeroMQ inbound adapter '" + getComponentName() + "'", socket, m -> receive(socket, m));
        loop.start(executor, concurrency);
    }

    private void receive(ZmqSocket socket, ZmqMessage received) {
        SocketType type = socket.type();
        boolean sub = type == SocketType.SUB || type == SocketType.XSUB;
        ZmqEnvelope parts = sub && !unwrapTopic ? new ZmqEnvelope(null, received.dropFirst(received.size() - 1), null, null)
                : ZmqEnvelope.split(received, type, false);
        if (parts == null) {
            return;
        }
        Message<?> message = mapper.toMessage(received, parts, source.getName(), type);
        if (payloadType != null) {
            message = ZmqIntegrationSupport.convert(mapper, message, payloadType);
        }
        sendMessage(message);
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
