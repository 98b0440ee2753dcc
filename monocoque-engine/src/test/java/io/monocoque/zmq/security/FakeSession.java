package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.auth.ZapHandler;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.Metadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link HandshakeSession} in memory: records what the mechanism sends and how the handshake
 * ends, and answers ZAP from a {@link ZapHandler} (or "no handler") when the test says so, the
 * way the connection would, later and never re-entrantly.
 */
final class FakeSession implements HandshakeSession {

    /** A failure as the connection would report it. */
    record Failure(MonitorEventType event, long value, String reason, String errorReason) {
    }

    final List<byte[]> sent = new ArrayList<>();
    final List<ZapRequest> zapRequests = new ArrayList<>();
    private final ArrayDeque<Runnable> pendingZap = new ArrayDeque<>();
    private final Metadata local;
    private final ZapHandler zap;
    private final String domain;
    Metadata peerMetadata;
    String userId;
    Map<String, byte[]> zapProperties;
    Failure failure;
    int completions;

    /** @param zap answers ZAP requests; {@code null} means no handler is configured */
    FakeSession(SocketType type, ZapHandler zap, String domain) {
        this.local = Metadata.builder().socketType(type).build();
        this.zap = zap;
        this.domain = domain;
    }

    FakeSession(SocketType type) {
        this(type, null, "");
    }

    @Override
    public void send(Command command) {
        ByteBuf b = Unpooled.buffer();
        command.writeBody(b);
        byte[] body = new byte[b.readableBytes()];
        b.readBytes(body);
        b.release();
        sent.add(body);
    }

    @Override
    public Metadata localMetadata() {
        return local;
    }

    @Override
    public int peerMinorVersion() {
        return 1;
    }

    @Override
    public void complete(Metadata peerMetadata, String userId, Map<String, byte[]> zapProperties) {
        this.peerMetadata = peerMetadata;
        this.userId = userId;
        this.zapProperties = zapProperties;
        completions++;
    }

    @Override
    public void fail(MonitorEventType event, long value, String reason, String errorReason) {
        if (failure == null) {
            failure = new Failure(event, value, reason, errorReason);
        }
    }

    @Override
    public String zapDomain() {
        return domain;
    }

    @Override
    public void authenticate(String mechanism, List<byte[]> credentials, Consumer<ZapReply> then) {
        ZapRequest request = new ZapRequest(domain, "127.0.0.1", new byte[0], mechanism, credentials);
        zapRequests.add(request);
        pendingZap.add(() -> then.accept(zap == null ? null : zap.authenticate(request)));
    }

    /** Delivers the ZAP replies asked for so far; returns how many. */
    int answerZap() {
        int n = 0;
        while (!pendingZap.isEmpty()) {
            pendingZap.poll().run();
            n++;
        }
        return n;
    }

    boolean done() {
        return completions > 0 || failure != null;
    }

    /** Takes the commands sent so far. */
    List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    /** Feeds a command body to the mechanism as the connection would. */
    static void deliver(Mechanism m, HandshakeSession s, byte[] body) {
        ByteBuf b = Unpooled.wrappedBuffer(body);
        try {
            m.onCommand(s, b);
        } finally {
            b.release();
        }
    }

    /**
     * Runs a handshake between two mechanisms in memory until both are done or nothing moves,
     * answering ZAP as it is asked.
     */
    static void run(Mechanism client, FakeSession clientSession, Mechanism server, FakeSession serverSession) {
        server.start(serverSession);
        client.start(clientSession);
        for (int round = 0; round < 20 && !(clientSession.done() && serverSession.done()); round++) {
            for (byte[] c : clientSession.drain()) {
                if (serverSession.failure == null) {
                    deliver(server, serverSession, c);
                }
            }
            serverSession.answerZap();
            for (byte[] c : serverSession.drain()) {
                if (clientSession.failure == null) {
                    deliver(client, clientSession, c);
                }
            }
            clientSession.answerZap();
        }
    }

    /** A command body: length octet, name, data. */
    static byte[] command(String name, byte[] data) {
        byte[] b = new byte[1 + name.length() + data.length];
        b[0] = (byte) name.length();
        System.arraycopy(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 1, name.length());
        System.arraycopy(data, 0, b, 1 + name.length(), data.length);
        return b;
    }
}
