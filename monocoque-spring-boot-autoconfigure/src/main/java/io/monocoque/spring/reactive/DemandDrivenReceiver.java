package io.monocoque.spring.reactive;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Operators;

/**
 * The messages of one socket as a {@link Flux} read only as far as downstream asked: with no
 * demand nothing is taken from the socket, its receive queue fills to the high-water mark and the
 * sender is pushed back, as ZeroMQ does for a slow reader.
 *
 * <p>One receive ({@link ZmqSocket#receiveAsync()}) is outstanding at a time for all
 * subscriptions of this receiver, and a message is emitted by whichever subscription claims the
 * completed receive. A subscription cancelled while it waited leaves the receive outstanding: the
 * message it brings goes to the next subscription, in order, never lost. Closing the socket
 * completes the flux.
 */
final class DemandDrivenReceiver {

    private final ZmqSocket socket;

    /** The receive in flight or completed and not yet claimed; guarded by {@code this}. */
    private CompletableFuture<ZmqMessage> outstanding;

    DemandDrivenReceiver(ZmqSocket socket) {
        this.socket = socket;
    }

    Flux<ZmqMessage> flux() {
        return Flux.create(sink -> {
            Reading reading = new Reading(sink);
            sink.onRequest(reading::request);
            sink.onDispose(reading::dispose);
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /** The outstanding receive, started if there is none. */
    private synchronized CompletableFuture<ZmqMessage> outstanding() {
        if (outstanding == null) {
            outstanding = socket.receiveAsync();
        }
        return outstanding;
    }

    /** Whether the caller takes the result of {@code done}: exactly one claim succeeds. */
    private synchronized boolean claim(CompletableFuture<ZmqMessage> done) {
        if (outstanding != done) {
            return false;
        }
        outstanding = null;
        return true;
    }

    /** One subscription's reading. */
    private final class Reading {

        private final FluxSink<ZmqMessage> sink;

        private final AtomicLong demand = new AtomicLong();

        /** Whether this subscription waits on a receive or runs its drain loop. */
        private final AtomicBoolean busy = new AtomicBoolean();

        private volatile boolean disposed;

        Reading(FluxSink<ZmqMessage> sink) {
            this.sink = sink;
        }

        void request(long n) {
            demand.accumulateAndGet(n, Operators::addCap);
            drain();
        }

        void dispose() {
            disposed = true;
        }

        /** Emits while there is demand and a message; returns when the receive has to wait (it calls back). */
        private void drain() {
            while (!disposed && demand.get() > 0 && busy.compareAndSet(false, true)) {
                CompletableFuture<ZmqMessage> next;
                try {
                    next = outstanding();
                } catch (ZmqException e) {
                    busy.set(false);
                    end(e);
                    return;
                }
                if (!next.isDone()) {
                    next.whenComplete((message, failure) -> {
                        busy.set(false);
                        drain(); // claims it, unless cancelled meanwhile: then it waits for the next subscription
                    });
                    return;
                }
                if (!claim(next)) {
                    busy.set(false); // another subscription took it: look again
                    continue;
                }
                ZmqMessage message;
                try {
                    message = next.join();
                } catch (CompletionException e) {
                    busy.set(false);
                    end(e.getCause() != null ? e.getCause() : e);
                    return;
                }
                demand.decrementAndGet();
                sink.next(message);
                busy.set(false);
            }
        }

        private void end(Throwable failure) {
            if (failure instanceof ZmqException z && z.error() == ZmqError.ETERM) {
                sink.complete(); // the socket or its context closed
            } else {
                sink.error(failure);
            }
        }
    }
}
