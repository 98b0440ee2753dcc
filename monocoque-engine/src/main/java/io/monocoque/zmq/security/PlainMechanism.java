package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.ErrorCommand;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.UnknownCommand;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The PLAIN mechanism (RFC 24): the client sends its user name and password in HELLO, the
 * server asks ZAP and answers WELCOME (or ERROR), then INITIATE and READY carry both sides'
 * metadata. Nothing is encrypted: PLAIN is for trusted networks.
 *
 * <pre>
 * C: HELLO username password     S: WELCOME | ERROR
 * C: INITIATE metadata           S: READY metadata
 * </pre>
 *
 * <p>As libzmq 4.3's PLAIN server does, a server with no ZAP handler refuses every client
 * (without an ERROR command). The password is never logged, kept no longer than the
 * handshake, and wiped from this side's buffers when the handshake ends.
 */
public final class PlainMechanism implements Mechanism {

    public static final String NAME = "PLAIN";

    static final String HELLO = "HELLO";
    static final String WELCOME = "WELCOME";
    static final String INITIATE = "INITIATE";

    private enum State { SEND_HELLO, EXPECT_WELCOME, EXPECT_READY, EXPECT_HELLO, WAITING_FOR_ZAP, EXPECT_INITIATE, DONE }

    private final boolean server;
    private final byte[] username;
    private final byte[] password;
    private State state;
    private ZapReply approval;

    private PlainMechanism(boolean server, byte[] username, byte[] password) {
        this.server = server;
        this.username = username;
        this.password = password;
        this.state = server ? State.EXPECT_HELLO : State.SEND_HELLO;
    }

    /** A server, which authenticates clients through ZAP. */
    public static PlainMechanism server() {
        return new PlainMechanism(true, null, null);
    }

    /**
     * A client with these credentials (each at most 255 bytes of UTF-8).
     *
     * @throws IllegalArgumentException for a longer user name or password
     */
    public static PlainMechanism client(String username, String password) {
        byte[] u = username.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        if (u.length > 255 || p.length > 255) {
            throw new IllegalArgumentException("PLAIN user names and passwords are at most 255 bytes");
        }
        return new PlainMechanism(false, u, p);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean asServer() {
        return server;
    }

    @Override
    public void start(HandshakeSession session) {
        if (server) {
            return; // the client speaks first
        }
        byte[] hello = new byte[2 + username.length + password.length];
        hello[0] = (byte) username.length;
        System.arraycopy(username, 0, hello, 1, username.length);
        hello[1 + username.length] = (byte) password.length;
        System.arraycopy(password, 0, hello, 2 + username.length, password.length);
        session.send(new UnknownCommand(HELLO, hello));
        Arrays.fill(hello, (byte) 0);
        state = State.EXPECT_WELCOME;
    }

    @Override
    public void onCommand(HandshakeSession session, ByteBuf body) {
        UnknownCommand command;
        try {
            command = Command.decodeRaw(body);
        } catch (ZmtpProtocolException e) {
            protocol(session, "malformed command in PLAIN handshake: " + e.getMessage());
            return;
        }
        String name = command.name();
        if (name.equals(Command.ERROR)) {
            onError(session, command);
            return;
        }
        switch (state) {
            case EXPECT_HELLO:
                if (expect(session, command, HELLO)) {
                    onHello(session, command.data());
                }
                break;
            case EXPECT_WELCOME:
                if (expect(session, command, WELCOME)) {
                    if (command.dataSize() != 0) {
                        protocol(session, "malformed PLAIN WELCOME: " + command.dataSize() + " bytes of data where none belong");
                        return;
                    }
                    session.send(new UnknownCommand(INITIATE, metadataBytes(session.localMetadata())));
                    state = State.EXPECT_READY;
                }
                break;
            case EXPECT_INITIATE:
                if (expect(session, command, INITIATE)) {
                    Metadata peer = metadata(session, command, INITIATE);
                    if (peer != null && session.acceptsPeer(peer)) {
                        session.send(new UnknownCommand(Command.READY, metadataBytes(session.localMetadata())));
                        state = State.DONE;
                        session.complete(peer, approval == null ? null : approval.userId(),
                                approval == null ? Map.of() : approval.metadata());
                    }
                }
                break;
            case EXPECT_READY:
                if (expect(session, command, Command.READY)) {
                    Metadata peer = metadata(session, command, Command.READY);
                    if (peer != null) {
                        state = State.DONE;
                        wipe();
                        session.complete(peer, null, Map.of());
                    }
                }
                break;
            default:
                protocol(session, "unexpected " + printable(name) + " command while the PLAIN "
                        + (state == State.WAITING_FOR_ZAP ? "server waits for ZAP" : "handshake is over"));
        }
    }

    private void onHello(HandshakeSession session, byte[] data) {
        // [user length][user][password length][password], nothing more (libzmq is as strict).
        if (data.length < 1 || data.length < 1 + (data[0] & 0xff) + 1) {
            protocol(session, "malformed PLAIN HELLO: truncated user name");
            Arrays.fill(data, (byte) 0);
            return;
        }
        int ulen = data[0] & 0xff;
        int plen = data[1 + ulen] & 0xff;
        if (data.length != 2 + ulen + plen) {
            protocol(session, "malformed PLAIN HELLO: " + (data.length < 2 + ulen + plen ? "truncated password" : "extra bytes after the password"));
            Arrays.fill(data, (byte) 0);
            return;
        }
        byte[] user = Arrays.copyOfRange(data, 1, 1 + ulen);
        byte[] pass = Arrays.copyOfRange(data, 2 + ulen, 2 + ulen + plen);
        Arrays.fill(data, (byte) 0);
        state = State.WAITING_FOR_ZAP;
        session.authenticate(ZapRequest.PLAIN, List.of(user, pass), reply -> onZapReply(session, reply));
        Arrays.fill(pass, (byte) 0);
    }

    private void onZapReply(HandshakeSession session, ZapReply reply) {
        if (reply == null) {
            // libzmq 4.3: "PLAIN server without ZAP handler" fails every handshake, silently.
            session.fail(MonitorEventType.HANDSHAKE_FAILED_AUTH, 0,
                    "PLAIN server has no ZAP handler or authenticator: every client is refused", null);
            return;
        }
        if (!reply.isAllowed()) {
            Authentication.refuse(session, reply);
            return;
        }
        approval = reply;
        session.send(new UnknownCommand(WELCOME, new byte[0]));
        state = State.EXPECT_INITIATE;
    }

    private void onError(HandshakeSession session, UnknownCommand command) {
        if (server || (state != State.EXPECT_WELCOME && state != State.EXPECT_READY)) {
            protocol(session, "unexpected ERROR command from the PLAIN " + (server ? "client" : "server"));
            return;
        }
        byte[] data = command.data();
        if (data.length < 1 || (data[0] & 0xff) > data.length - 1) {
            protocol(session, "malformed ERROR command");
            return;
        }
        wipe();
        Authentication.peerRefused(session, new String(data, 1, data[0] & 0xff, StandardCharsets.UTF_8));
    }

    private boolean expect(HandshakeSession session, UnknownCommand command, String expected) {
        if (command.name().equals(expected)) {
            return true;
        }
        protocol(session, "unexpected " + printable(command.name()) + " command in the PLAIN handshake; expected " + expected);
        return false;
    }

    private Metadata metadata(HandshakeSession session, UnknownCommand command, String what) {
        ByteBuf b = Unpooled.wrappedBuffer(command.data());
        try {
            return Metadata.decode(b);
        } catch (ZmtpProtocolException e) {
            protocol(session, "malformed PLAIN " + what + " metadata: " + e.getMessage());
            return null;
        } finally {
            b.release();
        }
    }

    static byte[] metadataBytes(Metadata m) {
        byte[] out = new byte[m.encodedSize()];
        ByteBuf b = Unpooled.wrappedBuffer(out);
        b.writerIndex(0);
        m.encode(b);
        return out;
    }

    private void protocol(HandshakeSession session, String reason) {
        state = State.DONE;
        wipe();
        session.fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, 0, reason, null);
    }

    private void wipe() {
        if (password != null) {
            Arrays.fill(password, (byte) 0);
        }
    }

    @Override
    public void destroy() {
        wipe();
    }

    /** A peer-chosen command name, safe to put in a log line. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && i < 32; i++) {
            char c = name.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
