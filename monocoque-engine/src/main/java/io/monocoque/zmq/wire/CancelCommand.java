package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** The CANCEL command (ZMTP 3.1) by which a SUB or XSUB peer withdraws one earlier subscription to a topic. */
public final class CancelCommand implements Command {

    private final byte[] topic;

    /** @param topic the topic prefix; empty matches every message */
    public CancelCommand(byte[] topic) {
        this(topic.clone(), false);
    }

    CancelCommand(byte[] topic, boolean unused) {
        this.topic = topic;
    }

    /** A copy of the topic prefix. */
    public byte[] topic() {
        return topic.clone();
    }

    /** The topic without copying, for this package's encoders. */
    byte[] topicBytes() {
        return topic;
    }

    @Override
    public String name() {
        return CANCEL;
    }

    @Override
    public int dataSize() {
        return topic.length;
    }

    @Override
    public void writeData(ByteBuf out) {
        out.writeBytes(topic);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CancelCommand && Arrays.equals(topic, ((CancelCommand) o).topic);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(topic);
    }

    @Override
    public String toString() {
        return "CANCEL[" + Metadata.printable(topic) + "]";
    }
}
