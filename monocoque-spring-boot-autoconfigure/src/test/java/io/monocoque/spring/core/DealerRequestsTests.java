package io.monocoque.spring.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DealerRequests} on a Monocoque DEALER talking to a Monocoque ROUTER over inproc.
 */
class DealerRequestsTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ZmqContext ctx = ZmqContext.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    /**
     * Every reply but the first is queued on the DEALER before the second is read, so each
     * receive after the first completes at once: the replies must be taken one after another,
     * not each from inside the callback of the one before (that nests stack frames per reply
     * until the stack overflows, and the overflow, thrown inside a future's callback, is
     * swallowed by the future and stops all reading).
     */
    @Test
    void tensOfThousandsOfRepliesQueuedBeforeTheFirstIsReadAllReachTheirRequests() throws Exception {
        int n = 50_000;
        ZmqSocket router = ctx.createSocket(SocketType.ROUTER);
        ZmqSocket dealer = ctx.createSocket(SocketType.DEALER);
        for (ZmqSocket s : List.of(router, dealer)) {
            s.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0);
            s.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0);
        }
        router.bind("inproc://dealer-requests-queued");
        dealer.connect("inproc://dealer-requests-queued");
        DealerRequests requests = new DealerRequests(dealer, "queued");
        List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(requests.exchangeAsync(ZmqMessage.of("q" + i), WAIT, ZmqReplyTimeoutException::new));
        }
        List<ZmqMessage> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            held.add(router.receive(WAIT));
        }
        // The first reply's callback holds the thread that completes it until every other reply
        // is queued on the DEALER (an inproc send puts it in the DEALER's pipe before it returns).
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> firstDone = replies.get(0).thenRun(() -> {
            entered.countDown();
            awaitQuietly(release);
        });
        router.send(echo(held.get(0)));
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < n; i++) {
            router.send(echo(held.get(i)));
        }
        release.countDown();
        firstDone.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            assertThat(replies.get(i).getNow(null).frameString(0)).isEqualTo("re: q" + i);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ZmqMessage echo(ZmqMessage request) {
        // [routing id, request id, delimiter, body]
        return ZmqMessage.wrap(request.frame(0), request.frame(1), request.frame(2), ("re: " + request.frameString(3)).getBytes());
    }
}
