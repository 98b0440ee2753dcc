package io.monocoque.test;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.ClientContext;
import io.monocoque.zmq.testing.LeakDetectionExtension;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension for tests of the engine alone (no Spring): one {@link ZmqContext} per test
 * class, every socket and test peer a test made closed after it, the context closed after the
 * class, and the class failed if Netty reports a leaked buffer while it ran.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ZmqContextExtension zmq = new ZmqContextExtension();
 *
 * @Test
 * void pullReceivesWhatPushSends() {
 *     ZmqSocket pull = zmq.socket(SocketType.PULL);
 *     pull.bind("tcp://127.0.0.1:*");
 *     zmq.connect(SocketType.PUSH, pull.lastEndpoint()).send("hello");
 *     assertThat(pull.receive().lastString()).isEqualTo("hello");
 * }
 * }</pre>
 *
 * Test methods and constructors may also take the {@code ZmqContext} as a parameter. Leak
 * reports need Netty's leak detector on: run tests with
 * {@code -Dio.netty.leakDetection.level=PARANOID} (the extension raises it when it loads first).
 */
public final class ZmqContextExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
        ParameterResolver {

    private final ClientContext context = new ClientContext();

    private final LeakDetectionExtension leakCheck = new LeakDetectionExtension();

    private final List<AutoCloseable> ofTheCurrentTest = new ArrayList<>();

    private volatile boolean inTest;

    @Override
    public void beforeAll(ExtensionContext extension) {
        leakCheck.beforeAll(extension);
        context.beforeAll(extension);
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext extension) throws Exception {
        inTest = false;
        List<AutoCloseable> toClose;
        synchronized (ofTheCurrentTest) {
            toClose = new ArrayList<>(ofTheCurrentTest);
            ofTheCurrentTest.clear();
        }
        Exception failure = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            AutoCloseable closeable = toClose.get(i);
            try {
                closeable.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void afterAll(ExtensionContext extension) throws Exception {
        try {
            context.afterAll(extension); // closes the sockets made outside tests too
        } finally {
            leakCheck.afterAll(extension);
        }
    }

    /** The class's context, between its first and last test. */
    public ZmqContext context() {
        return context.context();
    }

    /** A new socket, closed after the current test (or with the context, when made outside a test). */
    public ZmqSocket socket(SocketType type) {
        return track(context.createSocket(type));
    }

    /** A test peer connected to {@code endpoint}, closed after the current test. */
    public ZmqTestPeer connect(SocketType type, String endpoint) {
        return track(ZmqTestPeer.connect(context(), type, endpoint));
    }

    /** A test peer bound to {@code endpoint} ({@code tcp://127.0.0.1:*}: an ephemeral port), closed after the current test. */
    public ZmqTestPeer bind(SocketType type, String endpoint) {
        return track(ZmqTestPeer.bind(context(), type, endpoint));
    }

    private <T extends AutoCloseable> T track(T closeable) {
        if (inTest) {
            synchronized (ofTheCurrentTest) {
                ofTheCurrentTest.add(closeable);
            }
        }
        return closeable;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == ZmqContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return context();
    }
}
