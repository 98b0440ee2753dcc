package io.monocoque.zmq.faults;

import io.monocoque.zmq.ZmqMessage;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Counts what a stream of numbered messages suffered: each message is a sequence number frame
 * and a payload derived from it, and the ledger records, as they arrive, which numbers came,
 * which came twice, which came after a later one, and which payloads were not intact.
 */
final class SequenceLedger {

    private final BitSet seen = new BitSet();
    private long highest = -1;
    private long received;
    private long duplicated;
    private long reordered;
    private long lastReordered = -1;
    private long corrupt;

    /** Message number {@code seq} with a payload of {@code payloadSize} bytes. */
    static ZmqMessage message(long seq, int payloadSize) {
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payloadSize; i++) {
            payload[i] = (byte) (seq * 31 + i);
        }
        return ZmqMessage.of(ByteBuffer.allocate(Long.BYTES).putLong(seq).array(), payload);
    }

    /** Records a message that arrived; the last two frames are the number and the payload. */
    synchronized void record(ZmqMessage m) {
        int n = m.size();
        long seq = ByteBuffer.wrap(m.frame(n - 2)).getLong();
        byte[] payload = m.frame(n - 1);
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] != (byte) (seq * 31 + i)) {
                corrupt++;
                break;
            }
        }
        received++;
        if (seen.get((int) seq)) {
            duplicated++;
            return;
        }
        seen.set((int) seq);
        if (seq < highest) {
            reordered++;
            lastReordered = Math.max(lastReordered, seq);
        }
        highest = Math.max(highest, seq);
        notifyAll();
    }

    /** Waits until a message numbered {@code seq} or higher has arrived; false if none did in time. */
    synchronized boolean awaitAtLeast(long seq, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (highest < seq) {
            long wait = deadline - System.currentTimeMillis();
            if (wait <= 0) {
                return false;
            }
            wait(wait);
        }
        return true;
    }

    synchronized long highest() {
        return highest;
    }

    /** The numbers from 0 to {@code lastSent} that never arrived, in order. */
    synchronized java.util.List<Long> lost(long lastSent) {
        java.util.List<Long> lost = new java.util.ArrayList<>();
        for (int s = seen.nextClearBit(0); s <= lastSent; s = seen.nextClearBit(s + 1)) {
            lost.add((long) s);
        }
        return lost;
    }

    /** The counts for messages 0 to {@code lastSent}. */
    synchronized Tally tally(long lastSent) {
        long lost = 0;
        long lastLost = -1;
        for (long s = 0; s <= lastSent; s++) {
            if (!seen.get((int) s)) {
                lost++;
                lastLost = s;
            }
        }
        return new Tally(lastSent + 1, received, lost, lastLost, duplicated, reordered, lastReordered, corrupt);
    }

    /**
     * What happened to {@code sent} messages: lost (the last lost one's number, -1 for none),
     * duplicated, reordered (arrived after a higher number; the highest such number, -1 for none),
     * corrupt.
     */
    record Tally(long sent, long received, long lost, long lastLost, long duplicated, long reordered, long lastReordered,
            long corrupt) {
        @Override
        public String toString() {
            return "sent " + sent + ", received " + received + ", lost " + lost + (lost > 0 ? " (last lost #" + lastLost + ")" : "")
                    + ", duplicated " + duplicated + ", reordered " + reordered + (reordered > 0 ? " (highest #" + lastReordered + ")" : "")
                    + ", corrupt " + corrupt;
        }
    }
}
