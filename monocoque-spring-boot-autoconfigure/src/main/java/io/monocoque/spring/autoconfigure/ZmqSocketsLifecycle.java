package io.monocoque.spring.autoconfigure;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqSocket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Binds and connects the sockets from {@code monocoque.sockets} when the application starts,
 * logging one line per socket with its endpoints, and closes them when it stops. Closing lets
 * each socket flush what was sent for up to its {@code linger}; the context waits for that when
 * it closes last.
 *
 * <p>Sockets start before listeners and stop after them (and after Spring Boot's graceful
 * shutdown), so that a listener or a request still being served can reply.
 *
 * <p>A closed ZeroMQ socket cannot be opened again, and the socket beans are injected by
 * reference, so sockets stay bound and connected while the context is
 * {@linkplain org.springframework.context.ConfigurableApplicationContext#pause() paused} (as the
 * test context cache does with contexts it is not using): only listeners pause, and what arrives
 * meanwhile waits in the sockets' queues up to their high-water marks.
 */
public class ZmqSocketsLifecycle implements SmartLifecycle {

    /** Below Spring Boot's graceful-shutdown phase, and below the listener containers'. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Log LOG = LogFactory.getLog(ZmqSocketsLifecycle.class);

    private final ConfigurableListableBeanFactory beanFactory;
    private final MonocoqueSocketFactory socketFactory;
    private final MonocoqueProperties properties;
    private final Map<String, ZmqSocket> attached = new LinkedHashMap<>();
    private volatile boolean running;

    public ZmqSocketsLifecycle(ConfigurableListableBeanFactory beanFactory, MonocoqueSocketFactory socketFactory,
            MonocoqueProperties properties) {
        this.beanFactory = beanFactory;
        this.socketFactory = socketFactory;
        this.properties = properties;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public synchronized void start() {
        for (String name : configuredSocketNames()) {
            if (attached.containsKey(name)) {
                continue;
            }
            ZmqSocket socket = beanFactory.getBean(name, ZmqSocket.class);
            if (socket.isClosed()) {
                LOG.warn("Socket '" + name + "' was closed when the application stopped; a ZeroMQ socket cannot be reopened");
                continue;
            }
            socketFactory.attach(name, socket);
            attached.put(name, socket);
            LOG.info(startupLine(name, socket));
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Map.Entry<String, ZmqSocket> e : attached.entrySet()) {
            try {
                e.getValue().close();
            } catch (RuntimeException ex) {
                LOG.warn("Closing socket '" + e.getKey() + "' failed", ex);
            }
        }
        attached.clear();
    }

    /** The line logged for each socket at start: where a client connects, and whether it must authenticate. */
    static String startupLine(String name, ZmqSocket socket) {
        String security = "";
        if (Boolean.TRUE.equals(socket.getOption(SocketOption.CURVE_SERVER))) {
            security = ", CURVE server";
        } else if (Boolean.TRUE.equals(socket.getOption(SocketOption.PLAIN_SERVER))) {
            security = ", PLAIN server";
        }
        return "ZeroMQ socket '" + name + "' (" + socket.type() + security + ") on " + String.join(", ", socket.endpoints());
    }

    /** Not stopped by a pause: see the class description. */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The socket beans registered from {@code monocoque.sockets} (and not replaced by the application). */
    List<String> configuredSocketNames() {
        List<String> names = new ArrayList<>();
        for (String name : properties.getSockets().keySet()) {
            if (beanFactory.containsBeanDefinition(name)) {
                if (MonocoqueSocketFactory.isConfiguredSocket(beanFactory.getBeanDefinition(name), name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
