package io.monocoque.zmq.security;

import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.security.curve.CryptoBox;
import io.monocoque.zmq.security.curve.SecretKey;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.UnknownCommand;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The CURVE server (RFC 26): answers a valid HELLO with a WELCOME whose cookie is sealed under
 * the {@linkplain CookieKeys minute key}, checks the INITIATE's cookie and vouch, asks ZAP about
 * the client's long-term key, and sends READY. Malformed or forged commands close the connection
 * without an ERROR (RFC 26); a ZAP refusal sends ERROR with the status code (libzmq's behaviour).
 * Without a ZAP handler every client that completes the handshake is accepted, as in libzmq.
 */
public final class CurveServerMechanism extends CurveMechanism {

    private enum State { EXPECT_HELLO, EXPECT_INITIATE, WAITING_FOR_ZAP, DONE }

    private final byte[] secretKey;
    private final byte[] publicKey;
    private final CookieKeys cookieKeys;
    private State state = State.EXPECT_HELLO;
    private byte[] clientTransient;
    private byte[] transientPublic;
    private SecretKey transientSecret;
    private SecretKey sessionKey;
    private Metadata clientMetadata;

    /**
     * @param secretKey the server's long-term secret key s (not copied: it belongs to the socket's options)
     */
    public CurveServerMechanism(byte[] secretKey, CookieKeys cookieKeys, SecureRandom random) {
        super(random, MESSAGE_SERVER_PREFIX, MESSAGE_CLIENT_PREFIX);
        this.secretKey = secretKey;
        this.publicKey = CryptoBox.publicKey(secretKey);
        this.cookieKeys = cookieKeys;
    }

    @Override
    public boolean asServer() {
        return true;
    }

    @Override
    public void start(HandshakeSession session) {
        // The client speaks first.
    }

    @Override
    public void onCommand(HandshakeSession session, ByteBuf body) {
        UnknownCommand command = parse(session, body);
        if (command == null) {
            return;
        }
        try {
            if (state == State.EXPECT_HELLO && command.name().equals(HELLO)) {
                onHello(session, command.data());
            } else if (state == State.EXPECT_INITIATE && command.name().equals(INITIATE)) {
                onInitiate(session, command.data());
            } else {
                protocolFailure(session, "unexpected " + PlainMechanism.printable(command.name()) + " command from the CURVE client"
                        + (state == State.EXPECT_HELLO ? "; expected HELLO" : state == State.EXPECT_INITIATE
                                ? "; expected INITIATE" : " while the server waits for ZAP"));
            }
        } catch (ZmtpProtocolException e) {
            protocolFailure(session, e.getMessage());
        }
    }

    private void onHello(HandshakeSession session, byte[] data) {
        if (data.length != HELLO_DATA) {
            throw new ZmtpProtocolException("malformed CURVE HELLO: " + (data.length + 6) + " bytes instead of 200");
        }
        if (data[0] != 1 || data[1] != 0) {
            throw new ZmtpProtocolException("CURVE HELLO has unknown version " + (data[0] & 0xff) + "." + (data[1] & 0xff));
        }
        clientTransient = Arrays.copyOfRange(data, 74, 74 + KEY);
        long n = getLong(data, 106);
        byte[] helloKey = sharedKey(clientTransient, secretKey, "client transient key");
        try {
            byte[] signature = CryptoBox.open(helloKey, nonce(HELLO_PREFIX, data, 106), data, 114, 80);
            if (signature == null) {
                throw new ZmtpProtocolException("CURVE HELLO does not open: the client uses another server key");
            }
            for (byte b : signature) {
                if (b != 0) {
                    throw new ZmtpProtocolException("CURVE HELLO signature is not 64 zero bytes");
                }
            }
            acceptPeerNonce(n, "HELLO");

            byte[] secret = randomBytes(KEY);
            transientSecret = new SecretKey(secret);
            wipe(secret);
            transientPublic = CryptoBox.publicKey(transientSecret.bytes());

            // cookie = long nonce + Box[C' + s'](minute key)
            byte[] cookieNonce = randomBytes(16);
            byte[] cookiePlain = new byte[2 * KEY];
            System.arraycopy(clientTransient, 0, cookiePlain, 0, KEY);
            System.arraycopy(transientSecret.bytes(), 0, cookiePlain, KEY, KEY);
            byte[] minuteKey = cookieKeys.sealingKey();
            byte[] cookieBox = CryptoBox.seal(minuteKey, nonce(COOKIE_PREFIX, cookieNonce, 0), cookiePlain, 0, cookiePlain.length);
            wipe(minuteKey, cookiePlain);

            byte[] welcomePlain = new byte[KEY + COOKIE];
            System.arraycopy(transientPublic, 0, welcomePlain, 0, KEY);
            System.arraycopy(cookieNonce, 0, welcomePlain, KEY, 16);
            System.arraycopy(cookieBox, 0, welcomePlain, KEY + 16, 80);
            byte[] welcomeNonce = randomBytes(16);
            byte[] welcomeBox = CryptoBox.seal(helloKey, nonce(WELCOME_PREFIX, welcomeNonce, 0), welcomePlain, 0, welcomePlain.length);

            byte[] welcome = new byte[WELCOME_DATA];
            System.arraycopy(welcomeNonce, 0, welcome, 0, 16);
            System.arraycopy(welcomeBox, 0, welcome, 16, 144);
            session.send(new UnknownCommand(WELCOME, welcome));
            state = State.EXPECT_INITIATE;
        } finally {
            wipe(helloKey);
        }
    }

    private void onInitiate(HandshakeSession session, byte[] data) {
        if (data.length < INITIATE_MIN_DATA) {
            throw new ZmtpProtocolException("malformed CURVE INITIATE: " + (data.length + 9) + " bytes, at least 257 needed");
        }
        // The cookie must open under a minute key still in use, and hold this connection's keys.
        byte[] cookieNonce = nonce(COOKIE_PREFIX, data, 0);
        byte[] cookie = null;
        for (byte[] key : cookieKeys.openingKeys()) {
            if (cookie == null) {
                cookie = CryptoBox.open(key, cookieNonce, data, 16, 80);
            }
            wipe(key);
        }
        if (cookie == null) {
            throw new ZmtpProtocolException("CURVE INITIATE cookie does not open: forged, or older than the minute key");
        }
        boolean ours = equal(cookie, 0, clientTransient, 0, KEY) && equal(cookie, KEY, transientSecret.bytes(), 0, KEY);
        wipe(cookie);
        if (!ours) {
            throw new ZmtpProtocolException("CURVE INITIATE cookie belongs to another connection");
        }
        long n = getLong(data, COOKIE);
        if (!nonceIncreases(n)) {
            acceptPeerNonce(n, "INITIATE");
        }
        byte[] sessionBytes = sharedKey(clientTransient, transientSecret.bytes(), "client transient key");
        sessionKey = new SecretKey(sessionBytes);
        wipe(sessionBytes);
        byte[] plain = CryptoBox.open(sessionKey.bytes(), nonce(INITIATE_PREFIX, data, COOKIE), data, COOKIE + 8, data.length - COOKIE - 8);
        if (plain == null) {
            throw new ZmtpProtocolException("CURVE INITIATE does not open");
        }
        acceptPeerNonce(n, "INITIATE");
        byte[] clientKey = Arrays.copyOfRange(plain, 0, KEY);
        try {
            // vouch = Box[C' + S](C->S'): the owner of C vouches for this connection's C', to us.
            byte[] vouchKey = sharedKey(clientKey, transientSecret.bytes(), "client key");
            byte[] vouch = CryptoBox.open(vouchKey, nonce(VOUCH_PREFIX, plain, KEY), plain, KEY + 16, 80);
            wipe(vouchKey);
            if (vouch == null) {
                throw new ZmtpProtocolException("CURVE INITIATE vouch does not open: the client does not hold the secret key of its public key");
            }
            boolean valid = equal(vouch, 0, clientTransient, 0, KEY) && equal(vouch, KEY, publicKey, 0, KEY);
            wipe(vouch);
            if (!valid) {
                throw new ZmtpProtocolException("CURVE INITIATE vouch is not for this connection and server");
            }
            clientMetadata = decodeMetadata(plain, KEY + VOUCH, plain.length, "INITIATE");
        } finally {
            wipe(plain);
        }
        // A client whose socket type cannot talk to ours is turned away before it gets READY and
        // before ZAP is troubled with it.
        if (!session.acceptsPeer(clientMetadata)) {
            state = State.DONE;
            wipeHandshake();
            return;
        }
        if (session.zapEnforceDomain() && session.zapDomain().isEmpty()) {
            // libzmq 4.3: a strict server without a domain does not ask ZAP (the Stonehouse pattern).
            onZapReply(session, null);
            return;
        }
        state = State.WAITING_FOR_ZAP;
        session.authenticate(ZapRequest.CURVE, List.of(clientKey), reply -> onZapReply(session, reply));
    }

    private void onZapReply(HandshakeSession session, ZapReply reply) {
        if (reply == null && session.zapEnforceDomain() && !session.zapDomain().isEmpty()) {
            state = State.DONE;
            wipeHandshake();
            Authentication.refuseWithoutHandler(session, "CURVE");
            return;
        }
        if (reply != null && !reply.isAllowed()) {
            state = State.DONE;
            wipeHandshake();
            Authentication.refuse(session, reply);
            return;
        }
        // Without a ZAP handler libzmq lets every client in (encryption without authentication).
        byte[] metadata = metadataBytes(session.localMetadata());
        long n = takeNonce();
        byte[] box = CryptoBox.seal(sessionKey.bytes(), shortNonce(READY_PREFIX, n), metadata, 0, metadata.length);
        byte[] ready = new byte[8 + box.length];
        putLong(ready, 0, n);
        System.arraycopy(box, 0, ready, 8, box.length);
        session.send(new UnknownCommand(Command.READY, ready));
        startTraffic(sessionKey.bytes());
        state = State.DONE;
        wipeHandshake();
        session.complete(clientMetadata, reply == null ? null : reply.userId(), reply == null ? Map.of() : reply.metadata());
    }

    @Override
    void wipeHandshake() {
        if (transientSecret != null) {
            transientSecret.close();
        }
        if (sessionKey != null) {
            sessionKey.close(); // the BoxCipher holds its own copy for the traffic
            sessionKey = null;
        }
    }
}
