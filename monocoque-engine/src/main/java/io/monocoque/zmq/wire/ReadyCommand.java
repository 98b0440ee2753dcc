package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** The READY command that completes the NULL (and PLAIN) handshake, carrying the sender's metadata. */
public final class ReadyCommand implements Command {

    private final Metadata properties;

    public ReadyCommand(Metadata properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    public Metadata properties() {
        return properties;
    }

    @Override
    public String name() {
        return READY;
    }

    @Override
    public int dataSize() {
        return properties.encodedSize();
    }

    @Override
    public void writeData(ByteBuf out) {
        properties.encode(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadyCommand && properties.equals(((ReadyCommand) o).properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    @Override
    public String toString() {
        return "READY" + properties;
    }
}
