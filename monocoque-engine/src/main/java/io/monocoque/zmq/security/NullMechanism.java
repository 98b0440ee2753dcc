package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.ErrorCommand;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.ReadyCommand;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Map;

/**
 * The NULL mechanism: both sides send READY with their properties, and that is the handshake.
 *
 * <p>With a {@code ZAP_DOMAIN} set, a NULL socket first asks ZAP about the peer (which can then
 * be filtered by address) and sends its READY only once allowed, as libzmq does; without a ZAP
 * handler it goes ahead.
 */
public final class NullMechanism implements Mechanism {

    public static final String NAME = "NULL";

    private boolean waitingForZap;
    private boolean readySent;
    private Metadata peerReady;
    private ZapReply approval;

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
        if (session.zapDomain().isEmpty()) {
            sendReady(session);
            return;
        }
        waitingForZap = true;
        session.authenticate(ZapRequest.NULL, List.of(), reply -> onZapReply(session, reply));
    }

    private void onZapReply(HandshakeSession session, ZapReply reply) {
        waitingForZap = false;
        if (reply == null && session.zapEnforceDomain()) {
            Authentication.refuseWithoutHandler(session, "NULL");
            return;
        }
        if (reply != null && !reply.isAllowed()) {
            Authentication.refuse(session, reply);
            return;
        }
        approval = reply;
        sendReady(session);
        if (peerReady != null) {
            finish(session);
        }
    }

    private void sendReady(HandshakeSession session) {
        readySent = true;
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
        if (command instanceof ReadyCommand && peerReady == null) {
            peerReady = ((ReadyCommand) command).properties();
            if (!session.acceptsPeer(peerReady)) {
                return; // before our READY when ZAP is still deciding
            }
            if (readySent && !waitingForZap) {
                finish(session);
            }
        } else if (command instanceof ErrorCommand) {
            Authentication.peerRefused(session, ((ErrorCommand) command).reason());
        } else {
            session.fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL,
                    "unexpected " + command.name() + " command in NULL handshake", true);
        }
    }

    private void finish(HandshakeSession session) {
        if (approval != null) {
            session.complete(peerReady, approval.userId(), approval.metadata());
        } else {
            session.complete(peerReady, null, Map.of());
        }
    }
}
