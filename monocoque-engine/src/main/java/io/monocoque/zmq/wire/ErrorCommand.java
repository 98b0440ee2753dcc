package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The ERROR command a peer sends before closing a connection whose handshake failed; receiving
 * one is fatal for the connection and its credentials.
 */
public final class ErrorCommand implements Command {

    /** The longest reason the wire format can carry, in bytes. */
    public static final int MAX_REASON_LENGTH = 255;

    private final String reason;
    private final byte[] encodedReason;

    /** @param reason a human-readable reason; encoded as UTF-8 and cut to 255 bytes on the wire */
    public ErrorCommand(String reason) {
        this.reason = Objects.requireNonNull(reason, "reason");
        this.encodedReason = truncate(reason.getBytes(StandardCharsets.UTF_8));
    }

    public String reason() {
        return reason;
    }

    @Override
    public String name() {
        return ERROR;
    }

    @Override
    public int dataSize() {
        return 1 + encodedReason.length;
    }

    @Override
    public void writeData(ByteBuf out) {
        out.writeByte(encodedReason.length);
        out.writeBytes(encodedReason);
    }

    private static byte[] truncate(byte[] utf8) {
        if (utf8.length <= MAX_REASON_LENGTH) {
            return utf8;
        }
        int cut = MAX_REASON_LENGTH;
        // Back off to a character boundary so the receiver does not see half a UTF-8 sequence.
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return Arrays.copyOf(utf8, cut);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorCommand && reason.equals(((ErrorCommand) o).reason);
    }

    @Override
    public int hashCode() {
        return reason.hashCode();
    }

    @Override
    public String toString() {
        return "ERROR[" + reason + "]";
    }
}
