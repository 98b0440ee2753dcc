package io.monocoque.zmq.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test class when Netty's leak detector (PARANOID in tests) reports a leaked buffer
 * while it ran. Netty only logs leaks; this turns each report into a failure so that a leak
 * fails the build. Registered for every test class through JUnit's extension auto-detection.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> LEAKS = new ArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                return new RecordingDetector<>(resource, samplingInterval);
            }
        });
        if (ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.PARANOID.ordinal()) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LEAKS) {
            LEAKS.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> found = collectLeaks();
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " Netty buffer leak(s) in " + context.getDisplayName() + ":\n"
                    + String.join("\n", found));
        }
    }

    /** Makes the detector look for collected, unreleased buffers now and returns (and forgets) its reports. */
    static List<String> collectLeaks() throws InterruptedException {
        // Leaks are noticed when the buffer is collected and reported at the next allocation.
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(1);
            probe.release();
        }
        synchronized (LEAKS) {
            List<String> found = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return found;
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

        RecordingDetector(Class<T> type, int samplingInterval) {
            super(type, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            synchronized (LEAKS) {
                LEAKS.add("LEAK " + resourceType + records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            synchronized (LEAKS) {
                LEAKS.add("LEAK " + resourceType + " (untraced)");
            }
        }
    }
}
