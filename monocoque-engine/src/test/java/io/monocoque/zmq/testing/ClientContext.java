package io.monocoque.zmq.testing;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A context of its own for a test class's client sockets, apart from the one the application
 * under test runs on: created before the class's tests, closed (with every socket still open on
 * it) after them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClientContext clients = new ClientContext();
 * ...
 * try (ZmqSocket req = clients.createSocket(SocketType.REQ)) { ... }
 * }</pre>
 */
public final class ClientContext implements BeforeAllCallback, AfterAllCallback {

    private volatile ZmqContext context;

    @Override
    public void beforeAll(ExtensionContext extension) {
        context = ZmqContext.create();
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        ZmqContext c = context;
        context = null;
        if (c != null) {
            c.close();
        }
    }

    /** A new socket of this context. */
    public ZmqSocket createSocket(SocketType type) {
        return context().createSocket(type);
    }

    /** The context, between the class's first and last test. */
    public ZmqContext context() {
        ZmqContext c = context;
        if (c == null) {
            throw new IllegalStateException("ClientContext is used outside its test class (register it with @RegisterExtension on a static field)");
        }
        return c;
    }
}
