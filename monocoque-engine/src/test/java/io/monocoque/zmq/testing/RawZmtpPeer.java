package io.monocoque.zmq.testing;

import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.ReadyCommand;
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
import java.time.Duration;

/**
 * A hand-driven ZMTP peer over a plain blocking socket, for tests that need to send exactly the
 * bytes a broken or hostile peer would: the engine under test sees a real TCP connection.
 */
public final class RawZmtpPeer implements AutoCloseable {

    /** A frame as read off the wire. */
    public record Frame(boolean more, boolean command, byte[] body) {
        public String commandName() {
            return new String(body, 1, body[0] & 0xff, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawZmtpPeer(String tcpEndpoint) throws IOException {
        URI uri = URI.create(tcpEndpoint);
        socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void write(ByteBuf buf) throws IOException {
        try {
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b);
            write(b);
        } finally {
            buf.release();
        }
    }

    public void sendGreeting(int major, int minor) throws IOException {
        ByteBuf b = Unpooled.buffer(Greeting.SIZE);
        new Greeting(3, 1, "NULL", false).encode(b);
        b.setByte(10, major);
        b.setByte(11, minor);
        write(b);
    }

    /** Reads exactly {@code n} bytes, failing with a timeout if they do not come within the read timeout. */
    public byte[] readBytes(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /**
     * Whether the other side sends nothing more within {@code quiet}: for checking what an engine
     * withholds until this side has spoken (a byte that does arrive is consumed).
     */
    public boolean sendsNothingWithin(Duration quiet) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout((int) quiet.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    public Greeting readGreeting() throws IOException {
        byte[] g = new byte[Greeting.SIZE];
        in.readFully(g);
        ByteBuf b = Unpooled.wrappedBuffer(g);
        try {
            return Greeting.decode(b);
        } finally {
            b.release();
        }
    }

    public void sendCommand(Command c) throws IOException {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeCommand(b, c);
        write(b);
    }

    public void sendReady(String socketType) throws IOException {
        sendCommand(new ReadyCommand(Metadata.of(Metadata.SOCKET_TYPE, socketType)));
    }

    /** Sends {@code body} as a command frame, as is: for command bodies no encoder would produce. */
    public void sendCommand(byte[] body) throws IOException {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeFrameHeader(b, false, true, body.length);
        b.writeBytes(body);
        write(b);
    }

    public void sendFrame(boolean more, byte[] body) throws IOException {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeFrame(b, more, body, 0, body.length);
        write(b);
    }

    /** Greets as ZMTP 3.1 with NULL, sends READY as {@code socketType}, and reads the engine's greeting and READY. */
    public Frame handshake(String socketType) throws IOException {
        sendGreeting(3, 1);
        readGreeting();
        sendReady(socketType);
        return readFrame();
    }

    public Frame readFrame() throws IOException {
        int flags = in.readUnsignedByte();
        long size = (flags & 0x02) != 0 ? in.readLong() : in.readUnsignedByte();
        byte[] body = new byte[(int) size];
        in.readFully(body);
        return new Frame((flags & 0x01) != 0, (flags & 0x04) != 0, body);
    }

    /** The next frame if its first byte arrives within {@code wait}, else null (the rest is read with the usual timeout). */
    public Frame readFrameWithin(Duration wait) throws IOException {
        int timeout = socket.getSoTimeout();
        int flags;
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            flags = in.readUnsignedByte();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(timeout);
        }
        long size = (flags & 0x02) != 0 ? in.readLong() : in.readUnsignedByte();
        byte[] body = new byte[(int) size];
        in.readFully(body);
        return new Frame((flags & 0x01) != 0, (flags & 0x04) != 0, body);
    }

    /** Whether the engine closes the connection within the read timeout (reading and dropping whatever comes first). */
    public boolean closedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain until EOF
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    /** Sends a ZMTP 3.1 greeting for {@code mechanism} and reads the other side's. */
    public Greeting greet(String mechanism, boolean asServer) throws IOException {
        ByteBuf b = Unpooled.buffer(Greeting.SIZE);
        Greeting.ours(mechanism, asServer).encode(b);
        write(b);
        return readGreeting();
    }

    /** The bytes the other side sends before it closes, or -1 when it does not close within the read timeout. */
    public long bytesBeforeClose() throws IOException {
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
