package io.monocoque.spring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.util.Assert;

/**
 * Every listener container, by listener id: starts those set to auto-start with the
 * application, stops them all when it stops, and lets the application start and stop one by
 * hand.
 *
 * <pre>{@code
 * registry.getListenerContainer("prices").stop();
 * }</pre>
 */
public class ZmqListenerEndpointRegistry implements SmartLifecycle, DisposableBean, ApplicationContextAware,
        ApplicationListener<ContextClosedEvent> {

    private final Map<String, ZmqListenerContainer> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    private int phase = ZmqListenerContainer.DEFAULT_PHASE;
    private volatile boolean running;
    private ApplicationContext applicationContext;
    /** The application is closing: stopping containers now loses what is queued, so they {@linkplain ZmqListenerContainer#shutdown shut down}. */
    private volatile boolean closing;

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    /** The application closes (the event comes before the lifecycle stops): from now on containers shut down. */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == applicationContext) {
            closing = true;
        }
    }

    /**
     * Creates the container for {@code endpoint} with {@code factory} and keeps it under the
     * endpoint's id; starts it at once when the registry runs already and the container
     * auto-starts.
     *
     * @throws IllegalStateException when a container with that id exists
     */
    public ZmqListenerContainer registerListenerContainer(ZmqListenerEndpoint endpoint, ZmqListenerContainerFactory<?> factory) {
        Assert.notNull(endpoint, "endpoint is required");
        Assert.hasText(endpoint.getId(), "the endpoint needs an id");
        Assert.notNull(factory, "factory is required");
        ZmqListenerContainer container;
        synchronized (containers) {
            Assert.state(!containers.containsKey(endpoint.getId()),
                    () -> "another listener already has the id '" + endpoint.getId() + "': give @ZmqListener(id) a unique value");
            container = factory.createListenerContainer(endpoint);
            containers.put(endpoint.getId(), container);
        }
        if (running && container.isAutoStartup()) {
            container.start();
        }
        return container;
    }

    /** The container of listener {@code id}, or {@code null}. */
    public ZmqListenerContainer getListenerContainer(String id) {
        return containers.get(id);
    }

    /**
     * Pauses listener {@code id}: it stops reading its socket, so that the socket's receive
     * high-water mark pushes back on the senders, until {@link #resume}.
     *
     * @throws IllegalArgumentException when there is no listener of that id
     */
    public void pause(String id) {
        container(id).pause();
    }

    /** Resumes listener {@code id} after {@link #pause}. */
    public void resume(String id) {
        container(id).resume();
    }

    private ZmqListenerContainer container(String id) {
        ZmqListenerContainer c = containers.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no listener with id '" + id + "'; the ids are " + getListenerContainerIds());
        }
        return c;
    }

    /** Every listener id. */
    public Set<String> getListenerContainerIds() {
        synchronized (containers) {
            return Set.copyOf(containers.keySet());
        }
    }

    /** Every container, in registration order. */
    public Collection<ZmqListenerContainer> getListenerContainers() {
        synchronized (containers) {
            return List.copyOf(containers.values());
        }
    }

    public void setPhase(int phase) {
        this.phase = phase;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    @Override
    public void start() {
        for (ZmqListenerContainer c : getListenerContainers()) {
            if (c.isAutoStartup()) {
                c.start();
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        // Stop them all at once: each waits for its calls in progress, so one after another would add up.
        List<Thread> stoppers = new ArrayList<>();
        for (ZmqListenerContainer c : getListenerContainers()) {
            if (c.isRunning()) {
                Thread t = new Thread(closing ? c::shutdown : c::stop, "zmq-listener-stop-" + c.getListenerId());
                t.start();
                stoppers.add(t);
            }
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        closing = true;
        stop();
    }
}
