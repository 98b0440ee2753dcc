package io.monocoque.zmq;

import io.monocoque.zmq.auth.ZapClient;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.socket.SocketBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ZAP client reading a handler socket's replies when many are queued at once (a burst of
 * handshakes answered by a quick ROUTER handler while the context's event thread was busy).
 * Here in {@code io.monocoque.zmq} for the socket's engine side ({@code ZmqSocket.base()}).
 */
class ZapClientQueuedRepliesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ZmqContext ctx = ZmqContext.create();
    private ZapClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        ctx.close();
    }

    /**
     * Every reply but the first is queued on the client's dealer before the first is handled,
     * so each receive after it completes at once. Handled each from inside the callback of the
     * one before, they overflowed the stack, the future swallowed the overflow and the rest of
     * the requests (and every later handshake) waited forever.
     */
    @Test
    void tensOfThousandsOfRepliesQueuedAtOnceEachReachTheirRequest() throws Exception {
        int n = 50_000;
        ZmqSocket handler = ctx.createSocket(SocketType.ROUTER);
        handler.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0);
        handler.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0);
        handler.bind(ZapClient.ENDPOINT);
        client = new ZapClient(new ZapClient.HandlerSockets() {
            @Override
            public Object boundHandler() {
                return handler;
            }

            @Override
            public SocketBase newDealer() {
                return ctx.createSocket(SocketType.DEALER).base();
            }
        }, "zap-queued-replies");
        List<CompletableFuture<ZapReply>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(client.request(new ZapRequest("d", "127.0.0.1", new byte[0], ZapRequest.NULL, List.of())));
        }
        List<ZmqMessage> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(handler.receive(WAIT));
        }
        // The context's event thread completes the dealer's receives: hold it until every reply
        // is queued on the dealer (an inproc send puts it in the dealer's pipe before it returns).
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        ZmqSocket push = ctx.createSocket(SocketType.PUSH);
        pull.bind("inproc://zap-queued-replies-hold");
        push.connect("inproc://zap-queued-replies-hold");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pull.receiveAsync().thenRun(() -> {
            held.countDown();
            awaitQuietly(release);
        });
        push.send("hold");
        assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (ZmqMessage request : requests) {
            handler.send(allowed(request));
        }
        release.countDown();
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (CompletableFuture<ZapReply> reply : replies) {
            assertThat(reply.getNow(null).statusCode()).isEqualTo(200);
        }
        assertThat(client.pendingRequests()).isZero();
    }

    /** [routing id, "", "1.0", request id, domain, address, identity, mechanism] answered 200. */
    private static ZmqMessage allowed(ZmqMessage request) {
        byte[] none = new byte[0];
        return ZmqMessage.wrap(request.frame(0), none, request.frame(2), request.frame(3),
                "200".getBytes(StandardCharsets.US_ASCII), "OK".getBytes(StandardCharsets.US_ASCII),
                "user".getBytes(StandardCharsets.US_ASCII), none);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
