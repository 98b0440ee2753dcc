package io.monocoque.zmq.security;

import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.ZmtpFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;

/** A hand-driven ZMTP peer on a blocking socket, for sending exactly the bytes a hostile peer would. */
final class RawPeer implements AutoCloseable {

    /** A frame as read off the wire. */
    record Frame(boolean more, boolean command, byte[] body) {
        String commandName() {
            return new String(body, 1, body[0] & 0xff, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawPeer(String tcpEndpoint) throws IOException {
        URI uri = URI.create(tcpEndpoint);
        socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a ZMTP 3.1 greeting for {@code mechanism} and reads the other side's. */
    Greeting greet(String mechanism, boolean asServer) throws IOException {
        ByteBuf b = Unpooled.buffer(Greeting.SIZE);
        Greeting.ours(mechanism, asServer).encode(b);
        byte[] g = new byte[Greeting.SIZE];
        b.readBytes(g);
        b.release();
        write(g);
        byte[] theirs = new byte[Greeting.SIZE];
        in.readFully(theirs);
        ByteBuf t = Unpooled.wrappedBuffer(theirs);
        try {
            return Greeting.decode(t);
        } finally {
            t.release();
        }
    }

    /** Sends {@code body} as one command frame. */
    void sendCommand(byte[] body) throws IOException {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeFrameHeader(b, false, true, body.length);
        b.writeBytes(body);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        write(bytes);
    }

    Frame readFrame() throws IOException {
        int flags = in.readUnsignedByte();
        long size = (flags & 0x02) != 0 ? in.readLong() : in.readUnsignedByte();
        byte[] body = new byte[(int) size];
        in.readFully(body);
        return new Frame((flags & 0x01) != 0, (flags & 0x04) != 0, body);
    }

    /** Whether the other side closes within the read timeout; counts the bytes it sent first. */
    long bytesBeforeClose() throws IOException {
        long n = 0;
        try {
            while (in.read() >= 0) {
                n++;
            }
            return n;
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (EOFException | java.net.SocketException e) {
            return n;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
