package io.monocoque.spring.messaging;

import io.monocoque.spring.autoconfigure.MonocoqueSocketFactory;
import io.monocoque.spring.core.ZmqSocketTracker;
import io.monocoque.zmq.ZmqSocket;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/** Makes a second socket from the definition of a {@code monocoque.sockets.<name>} socket bean. */
final class ConfiguredSockets {

    private ConfiguredSockets() {
    }

    /**
     * A new socket made, bound and connected as {@code monocoque.sockets.<name>} says, or
     * {@code null} when {@code name} is not such a socket in {@code beanFactory}.
     */
    static ZmqSocket recreate(BeanFactory beanFactory, String name) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory bf) || !bf.containsBeanDefinition(name)) {
            return null;
        }
        BeanDefinition definition = bf.getBeanDefinition(name);
        MonocoqueSocketFactory factory = bf.getBeanProvider(MonocoqueSocketFactory.class).getIfUnique();
        if (factory == null || !MonocoqueSocketFactory.isConfiguredSocket(definition, name)) {
            return null;
        }
        ZmqSocket socket = factory.createConfiguredSocket(name);
        try {
            factory.attach(name, socket);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        return socket;
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
