package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.spring.pyzmq.PyzmqPeer;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Batch listeners fed by a libzmq PUSH peer (pyzmq): lists of up to N payloads, converted from JSON. */
class BatchListenerTests {

    private static final String PUSHER = """
            import sys, json, zmq
            ctx = zmq.Context()
            s = ctx.socket(zmq.PUSH)
            s.linger = 5000
            s.connect(sys.argv[1])
            for i in range(int(sys.argv[2])):
                s.send_string(json.dumps({"symbol": "S%d" % i, "price": i}))
            s.close()
            ctx.term()
            print("sent", flush=True)
            """;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class,
                    org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class))
            .withPropertyValues("monocoque.sockets.ticks.type=pull", "monocoque.sockets.ticks.bind=tcp://127.0.0.1:*");

    @Test
    void queuedMessagesComeInBatchesOfAtMostTheBatchSizeAndTheRestWhenTheWindowCloses() {
        runner.withUserConfiguration(Ticks.class).run(context -> {
            ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
            Ticks ticks = context.getBean(Ticks.class);
            registry.pause("ticks"); // let all 25 queue up, so that the batches are full ones
            try (PyzmqPeer pusher = PyzmqPeer.start(PUSHER, context.getBean("ticks", ZmqSocket.class).lastEndpoint(), "25")) {
                assertThat(pusher.nextLine()).isEqualTo("sent");
            }
            registry.resume("ticks");
            await().atMost(Duration.ofSeconds(10)).until(() -> ticks.batches.stream().mapToInt(List::size).sum() == 25);
            assertThat(ticks.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(10));
            assertThat(ticks.batches.get(0)).hasSize(10);
            assertThat(ticks.batches.stream().flatMap(List::stream).map(Tick::symbol).toList())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 25).mapToObj(i -> "S" + i).toList());
        });
    }

    @Test
    void aBatchListenerOnARepSocketIsRefusedAtStartUp() {
        runner.withUserConfiguration(RepBatch.class).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof ZmqConfigurationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isNotNull().hasMessageContaining("REP socket");
        });
    }

    record Tick(String symbol, double price) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Ticks {

        final List<List<Tick>> batches = new CopyOnWriteArrayList<>();

        @ZmqListener(id = "ticks", socket = "ticks", batchSize = "10", batchWindow = "200ms")
        void ticks(List<Tick> batch) {
            batches.add(List.copyOf(batch));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RepBatch {

        @ZmqListener(type = SocketType.REP, bind = "inproc://rep-batch", batchSize = "10")
        void requests(List<String> batch) {
        }
    }
}
