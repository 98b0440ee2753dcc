package io.monocoque.spring.messaging;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.core.ZmqSocketTracker;
import io.monocoque.zmq.ZmqSocket;

import org.springframework.beans.factory.BeanFactory;

/** Makes a second socket from the definition of a {@code monocoque.sockets.<name>} socket bean. */
final class ConfiguredSockets {

    private ConfiguredSockets() {
    }

    /**
     * A new socket made, bound and connected as {@code monocoque.sockets.<name>} says, or
     * {@code null} when {@code name} is not such a socket in {@code beanFactory}.
     */
    static ZmqSocket recreate(BeanFactory beanFactory, String name) {
        ZmqSocketFactory factory = beanFactory == null ? null : beanFactory.getBeanProvider(ZmqSocketFactory.class).getIfUnique();
        return factory == null ? null : factory.recreateConfigured(name);
    }

    /**
     * Points metrics and health back at the bean socket {@code name} after a socket made by
     * {@link #recreate} (which they followed while it carried the traffic) is closed.
     */
    static void trackAgain(BeanFactory beanFactory, String name, ZmqSocket bean) {
        ZmqSocketTracker tracker = beanFactory == null ? null : beanFactory.getBeanProvider(ZmqSocketTracker.class).getIfUnique();
        if (tracker != null && bean != null && !bean.isClosed()) {
            tracker.track(name, bean);
        }
    }
}
