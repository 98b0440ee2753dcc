package io.monocoque.zmq.security.curve;

import java.util.Arrays;
import java.util.Objects;

/**
 * Secret key bytes with a lifetime: {@link #close()} zeroes them, so a mechanism can hold its
 * long-term or transient secret in one place and wipe it when the socket or connection ends.
 * {@link #toString()} never shows the key.
 */
public final class SecretKey implements AutoCloseable {

    private final byte[] key;
    private volatile boolean closed;

    /** @param key the key bytes, copied (the caller may wipe its array afterwards) */
    public SecretKey(byte[] key) {
        this.key = Objects.requireNonNull(key, "key").clone();
    }

    /**
     * The key itself, not a copy, so that using it spreads no further copies around the heap;
     * callers must not keep or modify the array.
     *
     * @throws IllegalStateException once closed
     */
    public byte[] bytes() {
        if (closed) {
            throw new IllegalStateException("SecretKey has been closed");
        }
        return key;
    }

    /** Zeroes the key; later {@link #bytes()} calls fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return closed ? "SecretKey[closed]" : "SecretKey[" + key.length + " bytes]";
    }
}
