package io.monocoque.zmq.session;

import io.monocoque.zmq.wire.GroupCommand;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * A DISH's reading of what a RADIO sends over a connection: each message is two frames, the
 * group (with MORE, at most 255 bytes) and the body, as libzmq's radio session writes them; the
 * pair becomes one message in that group. Anything else (a lone frame, a third frame, an
 * oversize group) is a protocol error that ends the connection, as libzmq's dish session fails
 * it with EFAULT.
 */
final class GroupedMessages implements MessageSink {

    private final MessageSink sink;

    GroupedMessages(MessageSink sink) {
        this.sink = sink;
    }

    @Override
    public boolean deliver(byte[] frame) {
        throw new ZmtpProtocolException("RADIO peer sent a message of one frame; a group frame must come first");
    }

    @Override
    public boolean deliver(byte[][] frames) {
        if (frames.length != 2) {
            throw new ZmtpProtocolException("RADIO peer sent a message of " + frames.length
                    + " frames; RADIO/DISH messages are a group frame and one body frame");
        }
        byte[] group = GroupCommand.checkGroup(frames[0], "RADIO peer's message");
        return sink.deliverInGroup(new String(group, StandardCharsets.UTF_8), frames[1]);
    }

    @Override
    public boolean deliverInGroup(String group, byte[] body) {
        return sink.deliverInGroup(group, body);
    }
}
