package io.monocoque.zmq.session;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.wire.Metadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What a {@link ZmtpSession} asks of the connection it runs on. Every call comes on the
 * connection's event loop, from inside a call into the session.
 */
public interface SessionIo extends MessageSink {

    /** Where the session's outgoing bytes are allocated. */
    ByteBufAllocator alloc();

    /** Writes {@code bytes} to the peer now (ownership passes) and flushes. */
    void write(ByteBuf bytes);

    /**
     * The handshake succeeded: the peer announced {@code peerMetadata}, authentication gave
     * {@code userId} (or {@code null}) and ZAP {@code zapProperties}.
     *
     * @return {@code null} when the socket took the peer, else why it refuses it (its routing id
     *     is in use, its one peer is taken): the session then ends the connection with that reason,
     *     which is no protocol failure
     */
    String attach(Metadata peerMetadata, String userId, Map<String, byte[]> zapProperties);

    /**
     * Asks ZAP about the peer; {@code done} must run later (never from inside this call) on the
     * event loop, with the reply (null: no ZAP handler) or the error.
     */
    void authenticate(String mechanism, List<byte[]> credentials, BiConsumer<ZapReply, Throwable> done);

    /**
     * The session is over: monitors see {@code event} with {@code value} and {@code reason} when
     * {@code event} is not null, {@code reason} is why the connection ends (its DISCONNECTED
     * event's reason), and the connection closes, after what was written is flushed when
     * {@code flushFirst} (an ERROR command).
     */
    void close(MonitorEventType event, long value, String reason, boolean flushFirst);
}
