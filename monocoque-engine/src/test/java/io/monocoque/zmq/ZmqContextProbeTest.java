package io.monocoque.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** {@link ZmqContext#probeIoThreads()}: one answer per I/O thread of a working context, ETERM once it is closed. */
class ZmqContextProbeTest {

    @Test
    void everyIoThreadOfAWorkingContextAnswersItsProbe() {
        try (ZmqContext context = ZmqContext.builder().ioThreads(4).build()) {
            assertThat(context.ioThreads()).isEqualTo(4);
            List<CompletableFuture<Duration>> probes = context.probeIoThreads();
            assertThat(probes).hasSize(4);
            probes.forEach(p -> assertThat(p).succeedsWithin(Duration.ofSeconds(10)).satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ZERO)));
        }
    }

    @Test
    void aClosedContextRefusesToProbe() {
        ZmqContext context = ZmqContext.create();
        context.close();
        assertThatThrownBy(context::probeIoThreads).isInstanceOfSatisfying(ZmqException.class,
                e -> assertThat(e.error()).isEqualTo(ZmqError.ETERM));
    }
}
