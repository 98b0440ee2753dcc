package io.monocoque.spring.test;

import io.monocoque.zmq.SocketType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Moves every configured socket's endpoints (see {@link LocalZmqEndpoints}) with a property
 * source ahead of the application's own, and registers the {@link ZmqTestEndpoints} bean.
 */
final class LocalZmqEndpointsContextCustomizer implements ContextCustomizer {

    static final String PROPERTY_SOURCE_NAME = "monocoqueLocalZmqEndpoints";

    private final ZmqTestTransport transport;

    LocalZmqEndpointsContextCustomizer(ZmqTestTransport transport) {
        this.transport = transport;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        Map<String, DeclaredSocket> declared = Binder.get(context.getEnvironment())
                .bind("monocoque.sockets", Bindable.mapOf(String.class, DeclaredSocket.class))
                .orElse(Map.of());
        ZmqTestEndpoints endpoints = new ZmqTestEndpoints(transport, context.getBeanFactory());
        Map<String, Object> properties = new LinkedHashMap<>();
        try {
            declared.forEach((name, socket) -> {
                List<String> binds = new ArrayList<>();
                for (int i = 0; i < socket.getBind().size(); i++) {
                    binds.add(transport == ZmqTestTransport.TCP ? "tcp://127.0.0.1:*" : "inproc://" + name + suffix(i));
                }
                List<String> connects = new ArrayList<>();
                for (int i = 0; i < socket.getConnect().size(); i++) {
                    connects.add(transport == ZmqTestTransport.TCP ? endpoints.bindConnectPeer(name, socket.getType())
                            : "inproc://" + name + ".peer" + suffix(i));
                }
                if (!binds.isEmpty()) {
                    properties.put(socketProperty(name, "bind"), String.join(",", binds));
                }
                if (!connects.isEmpty()) {
                    properties.put(socketProperty(name, "connect"), String.join(",", connects));
                }
                endpoints.declare(name, socket.getType(), !binds.isEmpty(), connects);
            });
        } catch (RuntimeException e) {
            endpoints.close();
            throw e;
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
        context.getBeanFactory().registerSingleton(ZmqTestEndpoints.BEAN_NAME, endpoints);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                endpoints.close();
            }
        });
    }

    /** The property of a socket's {@code key}, in the form its name was bound from (a name with dots in brackets). */
    private static String socketProperty(String name, String key) {
        return name.indexOf('.') < 0 ? "monocoque.sockets." + name + "." + key : "monocoque.sockets[" + name + "]." + key;
    }

    private static String suffix(int index) {
        return index == 0 ? "" : "." + index;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LocalZmqEndpointsContextCustomizer c && c.transport == transport;
    }

    @Override
    public int hashCode() {
        return transport.hashCode();
    }

    /** The part of a socket definition this customizer reads. */
    public static final class DeclaredSocket {

        private SocketType type;

        private List<String> bind = new ArrayList<>();

        private List<String> connect = new ArrayList<>();

        public SocketType getType() {
            return type;
        }

        public void setType(SocketType type) {
            this.type = type;
        }

        public List<String> getBind() {
            return bind;
        }

        public void setBind(List<String> bind) {
            this.bind = bind;
        }

        public List<String> getConnect() {
            return connect;
        }

        public void setConnect(List<String> connect) {
            this.connect = connect;
        }
    }
}
