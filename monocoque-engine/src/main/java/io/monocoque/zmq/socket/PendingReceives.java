package io.monocoque.zmq.socket;

import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The futures {@code receiveAsync} handed out and not yet completed, in order. Guarded by the
 * socket's lock; futures complete on the context's event thread, never under the lock, so a
 * callback may use the socket at once.
 */
final class PendingReceives {

    private final ArrayDeque<CompletableFuture<ZmqMessage>> futures = new ArrayDeque<>();
    private final Executor completions;

    PendingReceives(Executor completions) {
        this.completions = completions;
    }

    boolean isEmpty() {
        return futures.isEmpty();
    }

    void add(CompletableFuture<ZmqMessage> future) {
        futures.add(future);
    }

    /** Hands messages from {@code next} to waiting futures, oldest first, while both last; lock held. */
    void complete(Supplier<ZmqMessage> next) {
        while (!futures.isEmpty()) {
            CompletableFuture<ZmqMessage> f = futures.peek();
            if (f.isDone()) {
                futures.poll(); // cancelled by its caller: it takes no message
                continue;
            }
            ZmqMessage m = next.get();
            if (m == null) {
                return;
            }
            futures.poll();
            completions.execute(() -> f.complete(m));
        }
    }

    /** Takes every future out; lock held. Fail them with {@link #fail} once the lock is let go. */
    List<CompletableFuture<ZmqMessage>> drain() {
        List<CompletableFuture<ZmqMessage>> all = new ArrayList<>(futures);
        futures.clear();
        return all;
    }

    void fail(List<CompletableFuture<ZmqMessage>> drained, ZmqException error) {
        drained.forEach(f -> completions.execute(() -> f.completeExceptionally(error)));
    }
}
