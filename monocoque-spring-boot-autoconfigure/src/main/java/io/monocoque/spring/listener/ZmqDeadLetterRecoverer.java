package io.monocoque.spring.listener;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.util.Assert;

/**
 * Sends a message the listener failed on to a dead-letter socket (a {@code ZmqSocket} bean, such as
 * {@code monocoque.sockets.<name>} of type push): the original frames as the listener received
 * them, followed, unless switched off, by one frame of UTF-8 JSON that says what went wrong:
 *
 * <pre>{@code
 * {"socket":"orders","listener":"orders-listener","attempts":3,"exception":"java.lang.IllegalStateException",
 *  "message":"out of stock","time":"2026-01-01T12:00:00Z"}
 * }</pre>
 *
 * Sending blocks while the dead-letter socket is at its high-water mark, for its send timeout.
 */
public class ZmqDeadLetterRecoverer implements ZmqMessageRecoverer {

    private static final Log LOG = LogFactory.getLog(ZmqDeadLetterRecoverer.class);
    private static final Set<SocketType> CAN_SEND = EnumSet.of(SocketType.PUSH, SocketType.PUB, SocketType.XPUB, SocketType.DEALER,
            SocketType.PAIR, SocketType.SCATTER, SocketType.CLIENT, SocketType.CHANNEL);

    private final BeanFactory beanFactory;
    private final String socketName;
    private final String listenerId;
    private boolean errorFrame = true;
    private volatile ZmqSocket socket;

    /**
     * @param socketName the dead-letter socket bean
     * @param listenerId the listener named in the error frame, or {@code null} for the one that failed
     */
    public ZmqDeadLetterRecoverer(BeanFactory beanFactory, String socketName, String listenerId) {
        Assert.notNull(beanFactory, "beanFactory is required");
        Assert.hasText(socketName, "a dead-letter socket name is required");
        this.beanFactory = beanFactory;
        this.socketName = socketName;
        this.listenerId = listenerId;
    }

    /** Whether the JSON error frame follows the original frames (default true). */
    public void setErrorFrame(boolean errorFrame) {
        this.errorFrame = errorFrame;
    }

    public String getSocketName() {
        return socketName;
    }

    @Override
    public void checkReady() {
        socket = null;
        socket();
    }

    @Override
    public void recover(ZmqReceivedMessage message, Throwable failure, int attempts) {
        ZmqMessage frames = message.message();
        if (errorFrame) {
            java.util.List<byte[]> withError = new java.util.ArrayList<>(frames.frames());
            withError.add(errorFrame(message, failure, attempts).getBytes(StandardCharsets.UTF_8));
            frames = ZmqMessage.of(withError);
        }
        socket().send(frames);
        LOG.warn("A message from socket '" + message.socketName() + "' failed " + attempts + " time(s) (" + failure.getClass().getName()
                + "); sent to dead-letter socket '" + socketName + "'");
    }

    private String errorFrame(ZmqReceivedMessage message, Throwable failure, int attempts) {
        Throwable cause = failure instanceof ZmqListenerExecutionFailedException && failure.getCause() != null ? failure.getCause() : failure;
        StringBuilder json = new StringBuilder("{");
        field(json, "socket", message.socketName()).append(',');
        if (listenerId != null || failure instanceof ZmqListenerExecutionFailedException) {
            String id = listenerId != null ? listenerId : ((ZmqListenerExecutionFailedException) failure).getListenerId();
            field(json, "listener", id).append(',');
        }
        json.append("\"attempts\":").append(attempts).append(',');
        field(json, "exception", cause.getClass().getName()).append(',');
        field(json, "message", cause.getMessage()).append(',');
        field(json, "time", Instant.now().toString());
        return json.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    private ZmqSocket socket() {
        ZmqSocket s = socket;
        if (s == null) {
            try {
                s = beanFactory.getBean(socketName, ZmqSocket.class);
            } catch (NoSuchBeanDefinitionException e) {
                throw new ZmqConfigurationException("monocoque.listener.dead-letter.socket", socketName, "failed messages go to socket '"
                        + socketName + "', and there is no ZmqSocket bean of that name",
                        "Declare it under monocoque.sockets." + socketName + " (e.g. type push, bound or connected to where dead letters are read).", e);
            }
            if (CAN_SEND.contains(s.type()) && s.type().isSingleFrame() && errorFrame) {
                throw new ZmqConfigurationException("monocoque.listener.dead-letter.socket", socketName, "failed messages go to socket '"
                        + socketName + "', a " + s.type() + " socket, which sends single-frame messages only, and a dead letter is the "
                        + "message followed by an error frame",
                        "Set monocoque.listener.dead-letter.error-frame=false (a single-frame message is then sent as it came), or use a "
                                + "socket of type push, pub, xpub, dealer or pair for dead letters.");
            }
            if (!CAN_SEND.contains(s.type())) {
                throw new ZmqConfigurationException("monocoque.listener.dead-letter.socket", socketName, "failed messages go to socket '"
                        + socketName + "', a " + s.type() + " socket, which cannot send them on its own",
                        "Use a socket of type push, pub, xpub, dealer or pair for dead letters (or scatter or client with error-frame=false).");
            }
            socket = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return "ZmqDeadLetterRecoverer[" + socketName + "]";
    }
}
