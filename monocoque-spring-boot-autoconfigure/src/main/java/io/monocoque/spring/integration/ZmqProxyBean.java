package io.monocoque.spring.integration;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.zmq.ProxyStatistics;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqProxy;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * A ZeroMQ proxy as a bean: a frontend and a backend socket (XSUB/XPUB, PULL/PUSH or
 * ROUTER/DEALER) forwarding to each other on the engine's {@link ZmqProxy}, with an optional
 * capture socket (PUB) that sees every message. Sockets are created through the application's
 * {@link ZmqSocketFactory} (named {@code <bean>-frontend}, {@code -backend}, {@code -capture},
 * {@code -control}, so customizers can add CURVE and other options, and metrics count each) and
 * bound on start; stop closes them, and start again creates new ones.
 *
 * <p>{@link #pause()}, {@link #resume()} and {@link #statistics()} steer the running proxy from
 * Java. With a {@linkplain #setControlBind control socket} (a PAIR by default, as
 * {@code spring-integration-zeromq}'s {@code inproc://<bean>.control}) other code, in this
 * process or another, steers it with the commands of {@code zmq_proxy_steerable}:
 * {@code PAUSE}, {@code RESUME}, {@code TERMINATE} and {@code STATISTICS} (answered with eight
 * 8-byte little-endian frames, in the order of {@link ProxyStatistics}). A proxy ended by
 * {@code TERMINATE}, or by a socket failing under it, closes its sockets and is no longer
 * running; {@link #start()} starts it again.
 *
 * <p>The proxy starts before the channels and adapters that talk through it (phase
 * {@code SmartLifecycle.DEFAULT_PHASE - 1536}) and stops after them.
 */
public class ZmqProxyBean implements SmartLifecycle, BeanNameAware, BeanFactoryAware, DisposableBean {

    private static final Log LOG = LogFactory.getLog(ZmqProxyBean.class);

    /** The socket pairs a proxy forwards between. */
    public enum Type {
        /** XSUB frontend (publishers connect), XPUB backend (subscribers connect); subscriptions flow back. */
        SUB_PUB(SocketType.XSUB, SocketType.XPUB),
        /** PULL frontend (pushers connect), PUSH backend (pullers connect). */
        PULL_PUSH(SocketType.PULL, SocketType.PUSH),
        /** ROUTER frontend (REQ/DEALER clients connect), DEALER backend (REP/ROUTER workers connect). */
        ROUTER_DEALER(SocketType.ROUTER, SocketType.DEALER);

        private final SocketType frontend;
        private final SocketType backend;

        Type(SocketType frontend, SocketType backend) {
            this.frontend = frontend;
            this.backend = backend;
        }

        /** The frontend socket's type. */
        public SocketType frontendType() {
            return frontend;
        }

        /** The backend socket's type. */
        public SocketType backendType() {
            return backend;
        }
    }

    private final Type type;
    private ZmqSocketFactory socketFactory;
    private BeanFactory beanFactory;
    private String name = "zmqProxy";
    private String frontendBind = "tcp://*:*";
    private String backendBind = "tcp://*:*";
    private String captureBind;
    private String controlBind;
    private SocketType controlType = SocketType.PAIR;
    private final List<Consumer<ZmqSocket>> frontendCustomizers = new ArrayList<>();
    private final List<Consumer<ZmqSocket>> backendCustomizers = new ArrayList<>();
    private boolean autoStartup = true;
    private int phase = SmartLifecycle.DEFAULT_PHASE - 1536;

    private volatile ZmqProxy proxy;
    private final List<ZmqSocket> sockets = new ArrayList<>();
    private volatile String frontendEndpoint;
    private volatile String backendEndpoint;
    private volatile String captureEndpoint;
    private volatile String controlEndpoint;

    /** A proxy on sockets from the application's {@link ZmqSocketFactory}. */
    public ZmqProxyBean(Type type) {
        Assert.notNull(type, "type is required");
        this.type = type;
    }

    /** A proxy on sockets from {@code socketFactory}. */
    public ZmqProxyBean(Type type, ZmqSocketFactory socketFactory) {
        this(type);
        this.socketFactory = socketFactory;
    }

    /** A proxy on plain sockets of {@code context}. */
    public ZmqProxyBean(Type type, ZmqContext context) {
        this(type, (n, t) -> context.createSocket(t));
    }

    @Override
    public void setBeanName(String name) {
        this.name = name;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = beanFactory;
    }

    /** The socket pair the proxy forwards between. */
    public Type getType() {
        return type;
    }

    /** Where the frontend binds (default {@code tcp://*:*}, an ephemeral port). */
    public void setFrontendBind(String endpoint) {
        this.frontendBind = endpoint;
    }

    /** Where the backend binds (default {@code tcp://*:*}). */
    public void setBackendBind(String endpoint) {
        this.backendBind = endpoint;
    }

    /** Where a PUB capture socket binds, publishing a copy of every message (default: no capture). */
    public void setCaptureBind(String endpoint) {
        this.captureBind = endpoint;
    }

    /**
     * Where a control socket binds, taking {@code PAUSE}, {@code RESUME}, {@code TERMINATE} and
     * {@code STATISTICS} commands (default: no control socket). {@code inproc://<bean>.control}
     * is where {@code spring-integration-zeromq} puts its own.
     */
    public void setControlBind(String endpoint) {
        this.controlBind = endpoint;
    }

    /**
     * The control socket's type (default PAIR, one peer at a time; REP answers every command with
     * an empty frame or the statistics, so REQ clients can steer one after another; ROUTER
     * answers its DEALER or REQ peers likewise, several at once).
     */
    public void setControlType(SocketType controlType) {
        Assert.notNull(controlType, "controlType is required");
        this.controlType = controlType;
    }

    /** Options, such as CURVE keys, for the frontend socket before it binds. */
    public void addFrontendCustomizer(Consumer<ZmqSocket> customizer) {
        frontendCustomizers.add(customizer);
    }

    /** Options, such as CURVE keys, for the backend socket before it binds. */
    public void addBackendCustomizer(Consumer<ZmqSocket> customizer) {
        backendCustomizers.add(customizer);
    }

    /** Whether the proxy starts with the application context (default {@code true}). */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    /** The lifecycle phase (default {@code SmartLifecycle.DEFAULT_PHASE - 1536}). */
    public void setPhase(int phase) {
        this.phase = phase;
    }

    /** The frontend's endpoint, wildcard port resolved ({@code null} when stopped). */
    public String getFrontendEndpoint() {
        return frontendEndpoint;
    }

    /** The backend's endpoint, wildcard port resolved ({@code null} when stopped). */
    public String getBackendEndpoint() {
        return backendEndpoint;
    }

    /** The capture socket's endpoint ({@code null} without capture or when stopped). */
    public String getCaptureEndpoint() {
        return captureEndpoint;
    }

    /** The control socket's endpoint ({@code null} without a control socket or when stopped). */
    public String getControlEndpoint() {
        return controlEndpoint;
    }

    /**
     * Where a peer in this process or on this host connects to reach the frontend: its endpoint
     * with a wildcard host ({@code tcp://*:…}, {@code 0.0.0.0}) replaced by the loopback address;
     * {@code null} when stopped. What a {@code ZmqSubscribableChannel} sends to.
     */
    public String getFrontendConnectEndpoint() {
        return connectable(frontendEndpoint);
    }

    /** Where a peer in this process or on this host connects to reach the backend ({@code null} when stopped). */
    public String getBackendConnectEndpoint() {
        return connectable(backendEndpoint);
    }

    private static String connectable(String endpoint) {
        if (endpoint == null || !endpoint.startsWith("tcp://")) {
            return endpoint;
        }
        int colon = endpoint.lastIndexOf(':');
        String host = endpoint.substring("tcp://".length(), colon);
        String loopback = switch (host) {
            case "*", "0.0.0.0" -> "127.0.0.1";
            case "[::]", "[0:0:0:0:0:0:0:0]" -> "[::1]";
            default -> host;
        };
        return "tcp://" + loopback + endpoint.substring(colon);
    }

    /** The frontend's TCP port, or -1. */
    public int getFrontendPort() {
        return port(frontendEndpoint);
    }

    /** The backend's TCP port, or -1. */
    public int getBackendPort() {
        return port(backendEndpoint);
    }

    private static int port(String endpoint) {
        if (endpoint == null || !endpoint.startsWith("tcp://")) {
            return -1;
        }
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    @Override
    public synchronized void start() {
        if (proxy != null) {
            return;
        }
        ZmqSocketFactory factory = socketFactory != null ? socketFactory
                : beanFactory == null ? null : beanFactory.getBeanProvider(ZmqSocketFactory.class).getIfUnique();
        Assert.state(factory != null, "ZeroMQ proxy '" + name + "' needs a ZmqSocketFactory");
        ZmqProxy started;
        try {
            ZmqSocket frontend = open(factory, "frontend", type.frontend, frontendCustomizers, frontendBind);
            ZmqSocket backend = open(factory, "backend", type.backend, backendCustomizers, backendBind);
            ZmqSocket capture = captureBind == null ? null : open(factory, "capture", SocketType.PUB, List.of(), captureBind);
            ZmqSocket control = controlBind == null ? null : open(factory, "control", controlType, List.of(), controlBind);
            frontendEndpoint = frontend.lastEndpoint();
            backendEndpoint = backend.lastEndpoint();
            captureEndpoint = capture == null ? null : capture.lastEndpoint();
            controlEndpoint = control == null ? null : control.lastEndpoint();
            started = ZmqProxy.start(frontend, backend, capture, control);
        } catch (RuntimeException e) {
            closeSockets();
            clearEndpoints();
            throw e;
        }
        proxy = started;
        watch(started);
        LOG.info("ZeroMQ proxy '" + name + "' (" + type + ") forwarding " + frontendEndpoint + " <-> " + backendEndpoint
                + (captureEndpoint == null ? "" : ", capture on " + captureEndpoint)
                + (controlEndpoint == null ? "" : ", control on " + controlEndpoint));
    }

    /**
     * Waits, on a daemon thread, for the proxy to end on its own (a TERMINATE command, or a socket
     * failing under it), to close its sockets then; a proxy stopped by {@link #stop()} is closed
     * there.
     */
    private void watch(ZmqProxy started) {
        Thread watcher = new Thread(() -> {
            while (!started.awaitTermination(Duration.ofHours(1))) {
                // still running
            }
            ended(started);
        }, "zmq-proxy-" + name + "-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private synchronized void ended(ZmqProxy ended) {
        if (proxy != ended) {
            return; // stopped (and maybe started again) through stop()
        }
        proxy = null;
        closeSockets();
        clearEndpoints();
        Throwable failure = ended.failure();
        if (failure != null) {
            LOG.warn("ZeroMQ proxy '" + name + "' ended: a socket failed under it; start it again to resume", failure);
        } else {
            LOG.info("ZeroMQ proxy '" + name + "' terminated by a command on its control socket");
        }
    }

    private void clearEndpoints() {
        frontendEndpoint = null;
        backendEndpoint = null;
        captureEndpoint = null;
        controlEndpoint = null;
    }

    private ZmqSocket open(ZmqSocketFactory factory, String role, SocketType socketType, List<Consumer<ZmqSocket>> customizers, String bind) {
        ZmqSocket socket = factory.createSocket(name + "-" + role, socketType);
        sockets.add(socket);
        customizers.forEach(c -> c.accept(socket));
        socket.bind(bind);
        return socket;
    }

    @Override
    public synchronized void stop() {
        ZmqProxy p = proxy;
        if (p == null) {
            return;
        }
        proxy = null;
        p.close();
        if (!p.awaitTermination(Duration.ofSeconds(5))) {
            LOG.warn("ZeroMQ proxy '" + name + "' did not stop within 5 s");
        }
        closeSockets();
        clearEndpoints();
    }

    private void closeSockets() {
        sockets.forEach(ZmqSocket::close);
        sockets.clear();
    }

    @Override
    public boolean isRunning() {
        ZmqProxy p = proxy;
        return p != null && p.isRunning();
    }

    /** Suspends forwarding (messages wait in the sockets' queues). */
    public void pause() {
        running().pause();
    }

    /** Resumes forwarding after {@link #pause()}. */
    public void resume() {
        running().resume();
    }

    /** Whether forwarding is suspended, by {@link #pause()} or a PAUSE command. */
    public boolean isPaused() {
        ZmqProxy p = proxy;
        return p != null && p.isPaused();
    }

    /** Messages and bytes in and out of each side, as {@code zmq_proxy_steerable}'s STATISTICS. */
    public ProxyStatistics statistics() {
        return running().statistics();
    }

    private ZmqProxy running() {
        ZmqProxy p = proxy;
        Assert.state(p != null, () -> "ZeroMQ proxy '" + name + "' is not running");
        return p;
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
        return "ZmqProxyBean[" + name + " " + type + (proxy == null ? " stopped" : " " + frontendEndpoint + " <-> " + backendEndpoint) + "]";
    }
}
