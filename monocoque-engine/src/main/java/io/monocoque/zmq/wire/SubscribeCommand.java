package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** The SUBSCRIBE command (ZMTP 3.1) by which a SUB or XSUB peer asks a publisher for messages starting with a topic. */
public final class SubscribeCommand implements Command {

    private final byte[] topic;

    /** @param topic the topic prefix; empty matches every message */
    public SubscribeCommand(byte[] topic) {
        this(topic.clone(), false);
    }

    SubscribeCommand(byte[] topic, boolean unused) {
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
        return SUBSCRIBE;
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
        return o instanceof SubscribeCommand && Arrays.equals(topic, ((SubscribeCommand) o).topic);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(topic);
    }

    @Override
    public String toString() {
        return "SUBSCRIBE[" + Metadata.printable(topic) + "]";
    }
}
