package io.monocoque.zmq.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A ZMTP 1.0 (libzmq 2.x) or ZMTP 2.0 (libzmq 3.x) peer over a plain blocking socket, for tests
 * of a newer engine against the old protocols. It writes and reads the bytes the way those
 * versions did, straight from specs 13 and 15 and independently of the engine's own codecs, so a
 * test that passes proves the engine and the specs agree, not the engine with itself:
 *
 * <ul>
 *   <li>1.0: the greeting is the identity frame in 1.0 framing ({@code length flags body}, the
 *       length counting the flags octet); frames follow in the same framing.</li>
 *   <li>2.0: the greeting is {@code 0xFF, identity length + 1 (8 octets), 0x7F} (the
 *       pseudo-signature libzmq 3.x sends so 1.0 peers can read it), the revision {@code 0x01},
 *       the socket-type octet and the identity as a {@code 0x00 size body} frame; frames follow as
 *       {@code flags size body}.</li>
 * </ul>
 *
 * Every read is bounded by a timeout, so a test against an engine that sends nothing fails
 * instead of hanging.
 */
public final class RawLegacyPeer implements AutoCloseable {

    /** The protocol this peer plays. */
    public enum Version { ZMTP_1_0, ZMTP_2_0 }

    /** One frame as read off the wire. */
    public record Frame(boolean more, byte[] body) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && f.more == more && Arrays.equals(f.body, body);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Frame[more=" + more + ", " + body.length + " bytes]";
        }
    }

    /**
     * What the other side sent as its greeting, read as this version reads it.
     *
     * @param revision the octet after the other side's signature (2.0 only; libzmq 4.x and
     *     Monocoque send their major version 3 there), -1 for 1.0
     * @param socketType the other side's socket-type octet (2.0 only), -1 for 1.0
     * @param identity the other side's identity
     */
    public record Greeting(int revision, int socketType, byte[] identity) {
    }

    /** The default bound on every blocking read. */
    public static final int READ_TIMEOUT_MILLIS = 5000;

    private static final int ZMTP_2_REVISION = 0x01;
    private static final int MORE = 0x01;
    private static final int LONG = 0x02;

    private final Version version;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawLegacyPeer(Version version, Socket socket) throws IOException {
        this.version = version;
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code tcp://host:port} as a peer of this version (nothing is sent yet). */
    public static RawLegacyPeer connect(String tcpEndpoint, Version version) throws IOException {
        URI uri = URI.create(tcpEndpoint);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), READ_TIMEOUT_MILLIS);
            return new RawLegacyPeer(version, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Takes the next connection on {@code server} as a peer of this version (nothing is sent yet). */
    public static RawLegacyPeer accept(ServerSocket server, Version version) throws IOException {
        server.setSoTimeout(READ_TIMEOUT_MILLIS);
        Socket socket = server.accept();
        try {
            return new RawLegacyPeer(version, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public Version version() {
        return version;
    }

    /**
     * Sends the whole greeting of this version at once. {@code socketTypeCode} (spec 15's table:
     * PAIR 0, PUB 1, SUB 2, REQ 3, REP 4, DEALER 5, ROUTER 6, PULL 7, PUSH 8) is ignored for 1.0.
     */
    public void sendGreeting(int socketTypeCode, byte[] identity) throws IOException {
        if (version == Version.ZMTP_1_0) {
            sendFrame(false, identity);
        } else {
            sendSignature(identity.length);
            sendRevisionAndIdentity(socketTypeCode, identity);
        }
    }

    /** 2.0, first half of the greeting as libzmq 3.x sends it: {@code 0xFF, identityLength + 1, 0x7F}. */
    public void sendSignature(int identityLength) throws IOException {
        requireVersion(Version.ZMTP_2_0);
        ByteBuffer b = ByteBuffer.allocate(10);
        b.put((byte) 0xFF).putLong(identityLength + 1L).put((byte) 0x7F);
        write(b.array());
    }

    /** 2.0, second half of the greeting: revision 1, the socket-type octet, the identity frame. */
    public void sendRevisionAndIdentity(int socketTypeCode, byte[] identity) throws IOException {
        requireVersion(Version.ZMTP_2_0);
        write(new byte[] {ZMTP_2_REVISION, (byte) socketTypeCode});
        sendFrame(false, identity);
    }

    /**
     * Reads the other side's greeting the way a peer of this version does: for 1.0 one frame, its
     * flags ignored (spec 13); for 2.0 a 10-octet signature (octet 0 must be 0xFF and octet 9 have
     * bit 0 set, else the other side is not a 2.0-or-later peer), the revision and socket-type
     * octets, and the identity frame.
     *
     * @throws IOException when the other side sends something this version cannot read, or
     *     nothing within the read timeout
     */
    public Greeting readGreeting() throws IOException {
        if (version == Version.ZMTP_1_0) {
            return new Greeting(-1, -1, readFrame().body());
        }
        byte[] signature = new byte[10];
        in.readFully(signature);
        if ((signature[0] & 0xFF) != 0xFF || (signature[9] & 0x01) == 0) {
            throw new IOException("not a ZMTP 2.0-or-later signature: " + hex(signature));
        }
        int revision = in.readUnsignedByte();
        int socketType = in.readUnsignedByte();
        Frame identity = readFrame();
        if (identity.more()) {
            throw new IOException("identity frame with MORE set");
        }
        return new Greeting(revision, socketType, identity.body());
    }

    /** Sends one frame in this version's framing, using the short form whenever it fits. */
    public void sendFrame(boolean more, byte[] body) throws IOException {
        write(encodeFrame(more, body));
    }

    /** Sends a multi-frame message. */
    public void sendMessage(byte[]... frames) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(frames).mapToInt(f -> f.length + 10).sum());
        for (int i = 0; i < frames.length; i++) {
            all.put(encodeFrame(i < frames.length - 1, frames[i]));
        }
        write(Arrays.copyOf(all.array(), all.position()));
    }

    /** Sends exactly these bytes, for input no well-behaved peer would produce. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one frame in this version's framing. */
    public Frame readFrame() throws IOException {
        long size;
        int flags;
        if (version == Version.ZMTP_1_0) {
            int first = in.readUnsignedByte();
            long length = first == 0xFF ? in.readLong() : first;
            if (length < 1) {
                throw new IOException("ZMTP 1.0 frame with length " + length);
            }
            flags = in.readUnsignedByte();
            size = length - 1;
        } else {
            flags = in.readUnsignedByte();
            size = (flags & LONG) != 0 ? in.readLong() : in.readUnsignedByte();
            if ((flags & 0x04) != 0) {
                throw new IOException(String.format("ZMTP 2.0 frame with flags 0x%02X (no commands in 2.0)", flags));
            }
        }
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IOException("frame of " + size + " bytes");
        }
        byte[] body = new byte[(int) size];
        in.readFully(body);
        return new Frame((flags & MORE) != 0, body);
    }

    /** Reads frames up to and including the first without MORE. */
    public List<byte[]> readMessage() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        Frame f;
        do {
            f = readFrame();
            frames.add(f.body());
        } while (f.more());
        return frames;
    }

    /**
     * Reads a message if one starts arriving within {@code timeout}, else returns null; the
     * normal read timeout applies again afterwards.
     */
    public List<byte[]> readMessageWithin(java.time.Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            in.mark(1);
            int first = in.read();
            if (first < 0) {
                throw new EOFException("the other side closed the connection");
            }
            in.reset();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
        return readMessage();
    }

    /** Whether the other side closes the connection within the read timeout (reading and dropping whatever comes first). */
    public boolean closedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain until EOF
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private byte[] encodeFrame(boolean more, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(body.length + 10);
        if (version == Version.ZMTP_1_0) {
            long length = body.length + 1L;
            if (length < 0xFF) {
                b.put((byte) length);
            } else {
                b.put((byte) 0xFF).putLong(length);
            }
            b.put((byte) (more ? MORE : 0));
        } else if (body.length <= 0xFF) {
            b.put((byte) (more ? MORE : 0)).put((byte) body.length);
        } else {
            b.put((byte) ((more ? MORE : 0) | LONG)).putLong(body.length);
        }
        b.put(body);
        return Arrays.copyOf(b.array(), b.position());
    }

    private void requireVersion(Version wanted) {
        if (version != wanted) {
            throw new IllegalStateException("only a " + wanted + " peer sends this; this one plays " + version);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x ", b & 0xFF));
        }
        return sb.toString().trim();
    }
}
