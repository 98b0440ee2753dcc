package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Byte-assembly helpers shared by the wire tests. */
final class WireTestSupport {

    private WireTestSupport() {
    }

    /** Concatenates ints (taken as single octets), strings (ASCII) and byte arrays. */
    static byte[] bytes(Object... parts) {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (Object p : parts) {
                if (p instanceof Integer) {
                    buf.writeByte((Integer) p);
                } else if (p instanceof String) {
                    buf.writeCharSequence((String) p, StandardCharsets.US_ASCII);
                } else if (p instanceof byte[]) {
                    buf.writeBytes((byte[]) p);
                } else {
                    throw new IllegalArgumentException(String.valueOf(p));
                }
            }
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static byte[] zeros(int n) {
        return new byte[n];
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] readAll(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** One decoded frame, copied out of the decoder's transient view. */
    record Frame(boolean more, boolean command, byte[] body) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && f.more == more && f.command == command && Arrays.equals(f.body, body);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Frame[more=" + more + ", command=" + command + ", " + body.length + " bytes]";
        }
    }

    static Frame message(boolean more, byte[] body) {
        return new Frame(more, false, body);
    }

    /** A handler that records every frame and always asks for more. */
    static final class Collector implements FrameHandler {
        final List<Frame> frames = new ArrayList<>();

        @Override
        public boolean frame(boolean more, boolean command, ByteBuf content) {
            frames.add(new Frame(more, command, ByteBufUtil.getBytes(content)));
            return true;
        }
    }
}
