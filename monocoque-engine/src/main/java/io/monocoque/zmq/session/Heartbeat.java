package io.monocoque.zmq.session;

import io.monocoque.zmq.wire.PingCommand;
import java.util.concurrent.TimeUnit;

/**
 * ZMTP 3.1 heartbeating as libzmq does it, as deadlines: a PING every interval; after sending
 * one, the peer has the timeout to send anything at all; a peer's PING with a TTL gives it that
 * long to send anything after it. Any traffic from the peer clears both waits.
 */
final class Heartbeat {

    static final long NONE = Long.MAX_VALUE;

    /** What {@link #due} found. */
    enum Due { NOTHING, PING, TIMED_OUT, TTL_EXPIRED }

    private final long intervalNanos;
    private final long timeoutNanos;
    private final int ttlDeciseconds;

    private long pingAt = NONE;
    private long timeoutAt = NONE;
    private long ttlAt = NONE;

    /**
     * @param intervalNanos how often to PING; 0 sends none
     * @param timeoutNanos how long the peer has to answer a PING with any traffic; 0 waits forever
     * @param ttlNanos the TTL our PINGs announce (rounded down to tenths of a second, at most
     *     6553.5 s)
     */
    Heartbeat(long intervalNanos, long timeoutNanos, long ttlNanos) {
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
        this.ttlDeciseconds = (int) Math.min(PingCommand.MAX_TTL_DECISECONDS, ttlNanos / TimeUnit.MILLISECONDS.toNanos(100));
    }

    /**
     * The handshake completed at {@code now}. Every ZMTP 3.x peer is pinged, 3.0 ones too, as
     * libzmq does once the mechanism is ready: JeroMQ announces 3.0 and answers PING.
     */
    void activated(long now) {
        pingAt = intervalNanos > 0 ? now + intervalNanos : NONE;
    }

    /** The peer sent something at {@code now}. */
    void received() {
        timeoutAt = NONE;
        ttlAt = NONE;
    }

    /** The peer's PING announced {@code ttlDeciseconds}: it wants to be dropped that long after, unless it sends more. */
    void peerTtl(long now, int peerTtlDeciseconds) {
        if (peerTtlDeciseconds > 0 && ttlAt == NONE) {
            ttlAt = now + TimeUnit.MILLISECONDS.toNanos(100L * peerTtlDeciseconds);
        }
    }

    /** The TTL our PINGs carry, in tenths of a second. */
    int ttlDeciseconds() {
        return ttlDeciseconds;
    }

    /** The earliest deadline, {@link #NONE} when there is none. */
    long nextDeadline() {
        return Math.min(pingAt, Math.min(timeoutAt, ttlAt));
    }

    /** What is due at {@code now}; a PING due is taken as sent (the next one and the timeout are scheduled). */
    Due due(long now) {
        if (now - ttlAt >= 0 && ttlAt != NONE) {
            return Due.TTL_EXPIRED;
        }
        if (now - timeoutAt >= 0 && timeoutAt != NONE) {
            return Due.TIMED_OUT;
        }
        if (now - pingAt >= 0 && pingAt != NONE) {
            pingAt = now + intervalNanos;
            if (timeoutAt == NONE && timeoutNanos > 0) {
                timeoutAt = now + timeoutNanos;
            }
            return Due.PING;
        }
        return Due.NOTHING;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }
}
