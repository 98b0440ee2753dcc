package io.monocoque.zmq.security;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The CURVE server's "minute key" (RFC 26): the symmetric key that seals each WELCOME's cookie
 * (the client's C' and the server's s'), so the server needs to trust nothing the client says
 * about its own transient keys. It is replaced every {@link #ROTATION} and the previous key is
 * kept until the next rotation, so a handshake whose WELCOME went out just before a rotation
 * still completes; two rotations later its cookie no longer opens. Retired keys are zeroed.
 */
final class CookieKeys {

    /** How long one key seals cookies (RFC 26 suggests "a short interval, for example 60 seconds"). */
    static final long ROTATION = TimeUnit.SECONDS.toNanos(60);

    private static final CookieKeys SHARED = new CookieKeys(System::nanoTime, SecurityOptions.RANDOM, ROTATION);

    private final LongSupplier clock;
    private final SecureRandom random;
    private final long period;
    private byte[] current;
    private byte[] previous;
    private long createdAt;

    CookieKeys(LongSupplier clock, SecureRandom random, long periodNanos) {
        this.clock = clock;
        this.random = random;
        this.period = periodNanos;
    }

    /** The keys every CURVE server of this JVM uses. */
    static CookieKeys shared() {
        return SHARED;
    }

    /** A copy of the key to seal a new cookie with (the caller wipes it after use). */
    synchronized byte[] sealingKey() {
        rotate();
        return current.clone();
    }

    /** Copies of the keys a cookie may have been sealed with: the current one, then the previous one (if any). */
    synchronized byte[][] openingKeys() {
        rotate();
        return previous == null ? new byte[][] {current.clone()} : new byte[][] {current.clone(), previous.clone()};
    }

    private void rotate() {
        long now = clock.getAsLong();
        if (current == null) {
            current = fresh();
            createdAt = now;
            return;
        }
        long age = now - createdAt;
        if (age < period) {
            return;
        }
        if (previous != null) {
            Arrays.fill(previous, (byte) 0);
            previous = null;
        }
        // Rotation is lazy, so the retiring key may have sealed a cookie a moment ago: it stays
        // good for opening until the next rotation, at least one more period away.
        previous = current;
        current = fresh();
        createdAt = now;
    }

    private byte[] fresh() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return k;
    }
}
