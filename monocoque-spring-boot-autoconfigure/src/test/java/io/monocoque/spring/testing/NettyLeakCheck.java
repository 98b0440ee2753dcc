package io.monocoque.spring.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class during which Netty reported a leaked buffer. Netty's detector (set to
 * PARANOID by the build's argLine) only logs what it finds; this extension collects those reports
 * and turns them into a failure. Registered for every test class by JUnit's extension
 * auto-detection (junit-platform.properties and META-INF/services).
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> REPORTS = new ArrayList<>();

    static {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
                return new Collecting<>(resource, samplingInterval);
            }

            @Override
            @SuppressWarnings("deprecation") // abstract, so it must be implemented
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                return new Collecting<>(resource, samplingInterval);
            }
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (REPORTS) {
            REPORTS.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> leaks = drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) during " + context.getDisplayName() + ":\n"
                    + String.join("\n\n", leaks));
        }
    }

    /** Nudges the detector (it checks collected buffers when the next one is tracked) and takes its reports. */
    public static List<String> drain() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(25);
            ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(8);
            probe.release();
        }
        synchronized (REPORTS) {
            List<String> copy = new ArrayList<>(REPORTS);
            REPORTS.clear();
            return copy;
        }
    }

    /** Records each report instead of only logging it. */
    private static final class Collecting<T> extends ResourceLeakDetector<T> {

        Collecting(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            synchronized (REPORTS) {
                REPORTS.add(resourceType + " leaked:" + records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            synchronized (REPORTS) {
                REPORTS.add(resourceType + " leaked (no access records)");
            }
        }
    }
}
