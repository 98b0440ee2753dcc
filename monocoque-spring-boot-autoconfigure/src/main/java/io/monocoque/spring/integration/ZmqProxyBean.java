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
 * {@link ZmqSocketFactory} (named {@code <bean>-frontend}, {@code -backend}, {@code -capture}, so
 * customizers can add CURVE and other options) and bound on start; stop closes them, and start
 * again creates new ones. {@link #pause()}, {@link #resume()} and {@link #statistics()} steer the
 * running proxy.
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

        public SocketType frontendType() {
            return frontend;
        }

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
    private final List<Consumer<ZmqSocket>> frontendCustomizers = new ArrayList<>();
    private final List<Consumer<ZmqSocket>> backendCustomizers = new ArrayList<>();
    private boolean autoStartup = true;
    private int phase = SmartLifecycle.DEFAULT_PHASE - 1024;

    private volatile ZmqProxy proxy;
    private final List<ZmqSocket> sockets = new ArrayList<>();
    private volatile String frontendEndpoint;
    private volatile String backendEndpoint;
    private volatile String captureEndpoint;

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

    public void addFrontendCustomizer(Consumer<ZmqSocket> customizer) {
        frontendCustomizers.add(customizer);
    }

    public void addBackendCustomizer(Consumer<ZmqSocket> customizer) {
        backendCustomizers.add(customizer);
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public void setPhase(int phase) {
        this.phase = phase;
    }

    /** The frontend's endpoint, wildcard port resolved ({@code null} when stopped). */
    public String getFrontendEndpoint() {
        return frontendEndpoint;
    }

    public String getBackendEndpoint() {
        return backendEndpoint;
    }

    public String getCaptureEndpoint() {
        return captureEndpoint;
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
        try {
            ZmqSocket frontend = open(factory, "frontend", type.frontend, frontendCustomizers, frontendBind);
            ZmqSocket backend = open(factory, "backend", type.backend, backendCustomizers, backendBind);
            ZmqSocket capture = captureBind == null ? null : open(factory, "capture", SocketType.PUB, List.of(), captureBind);
            frontendEndpoint = frontend.lastEndpoint();
            backendEndpoint = backend.lastEndpoint();
            captureEndpoint = capture == null ? null : capture.lastEndpoint();
            proxy = ZmqProxy.start(frontend, backend, capture);
        } catch (RuntimeException e) {
            closeSockets();
            throw e;
        }
        LOG.info("ZeroMQ proxy '" + name + "' (" + type + ") forwarding " + frontendEndpoint + " <-> " + backendEndpoint
                + (captureEndpoint == null ? "" : ", capture on " + captureEndpoint));
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
        frontendEndpoint = null;
        backendEndpoint = null;
        captureEndpoint = null;
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
