package io.monocoque.zmq.faults;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The stretches of a numbered stream in which a fault was allowed to lose messages: each opens
 * when a connection-killing fault is applied, just above the highest number received then, and
 * closes at the number the sender had reached when the disconnect was reported. A message lost
 * outside every window was lost where ZeroMQ promises delivery.
 */
final class LossWindows {

    private record Window(long afterReceived, long upTo) {
        boolean covers(long seq) {
            return seq > afterReceived && seq <= upTo;
        }
    }

    private final Deque<Long> pending = new ArrayDeque<>();
    private final List<Window> closed = new ArrayList<>();

    /** A fault that drops the connection is about to be applied; {@code highestReceived} has arrived already. */
    synchronized void open(long highestReceived) {
        pending.addLast(highestReceived);
    }

    /** The oldest pending fault's disconnect was reported when the sender had reached {@code sentUpTo}. */
    synchronized void closeOldest(long sentUpTo) {
        Long from = pending.pollFirst();
        if (from != null) {
            closed.add(new Window(from, sentUpTo));
        }
    }

    synchronized int pending() {
        return pending.size();
    }

    synchronized int count() {
        return closed.size();
    }

    /** Whether {@code seq} lies in a window that was closed by a reported disconnect. */
    synchronized boolean covers(long seq) {
        for (Window w : closed) {
            if (w.covers(seq)) {
                return true;
            }
        }
        return false;
    }
}
