package io.monocoque.zmq.security;

import io.monocoque.zmq.security.curve.CryptoBox;
import io.monocoque.zmq.security.curve.SecretKey;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.UnknownCommand;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

/**
 * The CURVE client (RFC 26): proves it knows the server's public key, authenticates the server,
 * then vouches for its own long-term key.
 *
 * <pre>
 * C: HELLO    [1 0] 72*0 C' nonce Box[64*0](C'->S)
 * S: WELCOME  nonce Box[S' + cookie](S->C')
 * C: INITIATE cookie nonce Box[C + vouch + metadata](C'->S'), vouch = nonce Box[C' + S](C->S')
 * S: READY    nonce Box[metadata](S'->C')
 * </pre>
 */
public final class CurveClientMechanism extends CurveMechanism {

    private enum State { START, EXPECT_WELCOME, EXPECT_READY, DONE }

    private final byte[] publicKey;
    private final byte[] secretKey;
    private final byte[] serverKey;
    private State state = State.START;
    private byte[] transientPublic;
    private SecretKey transientSecret;
    /** Box key between C' and S, for HELLO and WELCOME. */
    private SecretKey helloKey;
    /** Box key between C' and S': INITIATE, READY and every message. */
    private SecretKey sessionKey;

    /**
     * @param publicKey the client's long-term public key C
     * @param secretKey the client's long-term secret key c (not copied: it belongs to the socket's options)
     * @param serverKey the server's long-term public key S
     */
    public CurveClientMechanism(byte[] publicKey, byte[] secretKey, byte[] serverKey, SecureRandom random) {
        super(random, MESSAGE_CLIENT_PREFIX, MESSAGE_SERVER_PREFIX);
        this.publicKey = publicKey;
        this.secretKey = secretKey;
        this.serverKey = serverKey;
    }

    @Override
    public boolean asServer() {
        return false;
    }

    @Override
    public void start(HandshakeSession session) {
        byte[] secret = randomBytes(KEY);
        transientSecret = new SecretKey(secret);
        wipe(secret);
        transientPublic = CryptoBox.publicKey(transientSecret.bytes());
        try {
            helloKey = new SecretKey(sharedKey(serverKey, transientSecret.bytes(), "server key"));
        } catch (ZmtpProtocolException e) {
            protocolFailure(session, e.getMessage());
            return;
        }
        long n = takeNonce();
        byte[] signature = CryptoBox.seal(helloKey.bytes(), shortNonce(HELLO_PREFIX, n), new byte[64], 0, 64);
        byte[] hello = new byte[HELLO_DATA];
        hello[0] = 1; // CurveZMQ 1.0
        hello[1] = 0;
        // hello[2..74) is the anti-amplification padding: zeros.
        System.arraycopy(transientPublic, 0, hello, 74, KEY);
        putLong(hello, 106, n);
        System.arraycopy(signature, 0, hello, 114, 80);
        session.send(new UnknownCommand(HELLO, hello));
        state = State.EXPECT_WELCOME;
    }

    @Override
    public void onCommand(HandshakeSession session, ByteBuf body) {
        UnknownCommand command = parse(session, body);
        if (command == null) {
            return;
        }
        try {
            if (command.name().equals(Command.ERROR) && (state == State.EXPECT_WELCOME || state == State.EXPECT_READY)) {
                onError(session, command.data());
            } else if (state == State.EXPECT_WELCOME && command.name().equals(WELCOME)) {
                onWelcome(session, command.data());
            } else if (state == State.EXPECT_READY && command.name().equals(Command.READY)) {
                onReady(session, command.data());
            } else {
                protocolFailure(session, "unexpected " + PlainMechanism.printable(command.name()) + " command from the CURVE server"
                        + (state == State.EXPECT_WELCOME ? "; expected WELCOME" : state == State.EXPECT_READY ? "; expected READY" : ""));
            }
        } catch (ZmtpProtocolException e) {
            protocolFailure(session, e.getMessage());
        }
    }

    private void onWelcome(HandshakeSession session, byte[] data) {
        if (data.length != WELCOME_DATA) {
            throw new ZmtpProtocolException("malformed CURVE WELCOME: " + (data.length + 8) + " bytes instead of 168");
        }
        byte[] plain = CryptoBox.open(helloKey.bytes(), nonce(WELCOME_PREFIX, data, 0), data, 16, 144);
        if (plain == null) {
            throw new ZmtpProtocolException("CURVE WELCOME does not open: the server does not hold the secret key of the server key we use");
        }
        byte[] serverTransient = java.util.Arrays.copyOfRange(plain, 0, KEY);
        byte[] cookie = java.util.Arrays.copyOfRange(plain, KEY, KEY + COOKIE);
        wipe(plain);
        helloKey.close();
        helloKey = null;
        sessionKey = new SecretKey(sharedKey(serverTransient, transientSecret.bytes(), "server transient key"));

        // vouch = long nonce + Box[C' + S](C->S')
        byte[] vouchNonce = randomBytes(16);
        byte[] vouchPlain = new byte[2 * KEY];
        System.arraycopy(transientPublic, 0, vouchPlain, 0, KEY);
        System.arraycopy(serverKey, 0, vouchPlain, KEY, KEY);
        byte[] vouchKey = sharedKey(serverTransient, secretKey, "server transient key");
        byte[] vouchBox = CryptoBox.seal(vouchKey, nonce(VOUCH_PREFIX, vouchNonce, 0), vouchPlain, 0, vouchPlain.length);
        wipe(vouchKey);

        byte[] metadata = metadataBytes(session.localMetadata());
        byte[] initiatePlain = new byte[KEY + VOUCH + metadata.length];
        System.arraycopy(publicKey, 0, initiatePlain, 0, KEY);
        System.arraycopy(vouchNonce, 0, initiatePlain, KEY, 16);
        System.arraycopy(vouchBox, 0, initiatePlain, KEY + 16, 80);
        System.arraycopy(metadata, 0, initiatePlain, KEY + VOUCH, metadata.length);
        long n = takeNonce();
        byte[] box = CryptoBox.seal(sessionKey.bytes(), shortNonce(INITIATE_PREFIX, n), initiatePlain, 0, initiatePlain.length);

        byte[] initiate = new byte[COOKIE + 8 + box.length];
        System.arraycopy(cookie, 0, initiate, 0, COOKIE);
        putLong(initiate, COOKIE, n);
        System.arraycopy(box, 0, initiate, COOKIE + 8, box.length);
        session.send(new UnknownCommand(INITIATE, initiate));
        state = State.EXPECT_READY;
    }

    private void onReady(HandshakeSession session, byte[] data) {
        if (data.length < READY_MIN_DATA) {
            throw new ZmtpProtocolException("malformed CURVE READY: " + (data.length + 6) + " bytes, at least 30 needed");
        }
        long n = getLong(data, 0);
        byte[] plain = CryptoBox.open(sessionKey.bytes(), nonce(READY_PREFIX, data, 0), data, 8, data.length - 8);
        if (plain == null) {
            throw new ZmtpProtocolException("CURVE READY does not open");
        }
        acceptPeerNonce(n, "READY");
        Metadata peer = decodeMetadata(plain, 0, plain.length, "READY");
        startTraffic(sessionKey.bytes());
        state = State.DONE;
        wipeHandshake();
        session.complete(peer, null, Map.of());
    }

    private void onError(HandshakeSession session, byte[] data) {
        if (data.length < 1 || (data[0] & 0xff) > data.length - 1) {
            throw new ZmtpProtocolException("malformed ERROR command from the CURVE server");
        }
        state = State.DONE;
        wipeHandshake();
        Authentication.peerRefused(session, new String(data, 1, data[0] & 0xff, StandardCharsets.UTF_8));
    }

    @Override
    void wipeHandshake() {
        if (transientSecret != null) {
            transientSecret.close();
        }
        if (helloKey != null) {
            helloKey.close();
            helloKey = null;
        }
        if (sessionKey != null) {
            sessionKey.close(); // the BoxCipher holds its own copy for the traffic
            sessionKey = null;
        }
    }
}
