package io.monocoque.zmq.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * What "reported" means for a lost peer: by the time a socket's DISCONNECTED event reaches the
 * application, the socket no longer sends into the dead connection's pipe. A binding PUSH whose
 * only peer went away then has no peer at all, so a non-blocking send in the event's own callback
 * is refused instead of being queued to a pipe that dies with the connection.
 */
class DisconnectOrderTest {

    @Test
    void aBindingPushHasLetGoOfAPeerByTheTimeItReportsItDisconnected() throws Exception {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            AtomicReference<CompletableFuture<Boolean>> sendInCallback = new AtomicReference<>();
            push.monitor(e -> {
                if (e.type() == MonitorEventType.DISCONNECTED) {
                    CompletableFuture<Boolean> f = sendInCallback.get();
                    if (f != null) {
                        f.complete(push.trySend(ZmqMessage.of("sent after the event")));
                    }
                }
            });
            push.bind("tcp://127.0.0.1:*");
            for (int i = 0; i < 30; i++) {
                CompletableFuture<Boolean> accepted = new CompletableFuture<>();
                try (ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
                    pull.setOption(SocketOption.LINGER, Duration.ZERO);
                    pull.connect(push.lastEndpoint());
                    push.send(ZmqMessage.of("hello " + i));
                    assertThat(pull.receive(Duration.ofSeconds(10))).as("round %d", i).isNotNull();
                    sendInCallback.set(accepted);
                }
                assertThat(accepted.get(10, TimeUnit.SECONDS))
                        .as("round %d: a send after DISCONNECTED went to the peer that had gone", i).isFalse();
            }
        }
    }
}
