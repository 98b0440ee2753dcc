package io.monocoque.zmq.security;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.auth.ZapHandler;
import io.monocoque.zmq.wire.FrameHandler;
import io.monocoque.zmq.wire.ZmtpFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** A CURVE client and server in memory, with their sessions, for state-machine tests and fuzzing. */
final class CurvePair {

    static final SecureRandom RANDOM = new SecureRandom();

    final CurveKeyPair serverKeys;
    final CurveKeyPair clientKeys;
    final CurveClientMechanism client;
    final CurveServerMechanism server;
    final FakeSession clientSession = new FakeSession(SocketType.DEALER);
    final FakeSession serverSession;

    CurvePair(ZapHandler zap, CookieKeys cookies) {
        this(CurveKeyPair.generate(), CurveKeyPair.generate(), zap, cookies);
    }

    CurvePair(CurveKeyPair serverKeys, CurveKeyPair clientKeys, ZapHandler zap, CookieKeys cookies) {
        this.serverKeys = serverKeys;
        this.clientKeys = clientKeys;
        this.client = new CurveClientMechanism(clientKeys.publicKey(), clientKeys.secretKey(), serverKeys.publicKey(), RANDOM);
        this.server = new CurveServerMechanism(serverKeys.secretKey(), cookies, RANDOM);
        this.serverSession = new FakeSession(SocketType.ROUTER, zap, "");
    }

    CurvePair() {
        this(null, CookieKeys.shared());
    }

    /** Runs the whole handshake. */
    CurvePair handshake() {
        FakeSession.run(client, clientSession, server, serverSession);
        return this;
    }

    /** The client's HELLO body, having started both sides. */
    byte[] hello() {
        server.start(serverSession);
        client.start(clientSession);
        return clientSession.drain().get(0);
    }

    /** Delivers HELLO, returns the server's WELCOME. */
    byte[] welcome() {
        FakeSession.deliver(server, serverSession, hello());
        return serverSession.drain().get(0);
    }

    /** Delivers WELCOME to the client, returns its INITIATE. */
    byte[] initiate() {
        FakeSession.deliver(client, clientSession, welcome());
        return clientSession.drain().get(0);
    }

    /** A wrapped message frame (header included) from {@code from}. */
    static byte[] wrap(CurveMechanism from, boolean more, byte[] body) {
        ByteBuf out = Unpooled.buffer();
        from.wrap(out, more, body, 0, body.length);
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        out.release();
        return b;
    }

    /** One unwrapped frame: its flags and body. */
    record Plain(int flags, byte[] body) {
    }

    /** The two ways a received MESSAGE is opened. */
    enum Opening {
        /** Straight into an array of the body's size, which becomes the message frame. */
        INTO_THE_FRAME,
        /** Into the mechanism's reusable buffer (pooled frames and commands). */
        INTO_SCRATCH
    }

    /** Unwraps every frame of {@code wire} at {@code to}, each into an array of its own; throws what unwrap throws. */
    static List<Plain> unwrap(CurveMechanism to, byte[] wire) {
        return unwrap(Opening.INTO_THE_FRAME, to, wire);
    }

    /** Unwraps every frame of {@code wire} at {@code to} the given way; throws what unwrap throws. */
    static List<Plain> unwrap(Opening opening, CurveMechanism to, byte[] wire) {
        List<Plain> out = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            FrameHandler h = (more, command, content) -> {
                if (opening == Opening.INTO_THE_FRAME) {
                    byte[] body = new byte[Math.max(0, CurveMechanism.openedBodySize(content.readableBytes()))];
                    int flags = to.unwrap(content, body);
                    out.add(new Plain(flags, body));
                    return true;
                }
                ByteBuf p = to.unwrap(content);
                int flags = p.readUnsignedByte();
                byte[] body = new byte[p.readableBytes()];
                p.readBytes(body);
                out.add(new Plain(flags, body));
                return true;
            };
            new ZmtpFrameDecoder(-1).decode(in, h);
        } finally {
            in.release();
        }
        return out;
    }

    void destroy() {
        client.destroy();
        server.destroy();
    }
}
