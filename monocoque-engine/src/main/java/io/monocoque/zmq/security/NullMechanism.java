package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.ErrorCommand;
import io.monocoque.zmq.wire.ReadyCommand;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;

/** The NULL mechanism: both sides send READY with their properties, and that is the handshake. */
public final class NullMechanism implements Mechanism {

    public static final String NAME = "NULL";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean asServer() {
        return false;
    }

    @Override
    public void start(HandshakeSession session) {
        session.send(new ReadyCommand(session.localMetadata()));
    }

    @Override
    public void onCommand(HandshakeSession session, ByteBuf body) {
        Command command;
        try {
            command = Command.decode(body);
        } catch (ZmtpProtocolException e) {
            session.fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "malformed command in NULL handshake: " + e.getMessage(), true);
            return;
        }
        if (command instanceof ReadyCommand) {
            session.complete(((ReadyCommand) command).properties(), null);
        } else if (command instanceof ErrorCommand) {
            session.fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL,
                    "peer refused the handshake: " + ((ErrorCommand) command).reason(), false);
        } else {
            session.fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL,
                    "unexpected " + command.name() + " command in NULL handshake", true);
        }
    }
}
