package io.monocoque.zmq.spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A plain client of a STREAM socket: a {@link java.net.Socket} for {@code tcp://}, a Unix domain
 * {@link SocketChannel} for {@code ipc://}. It speaks no ZeroMQ at all, only bytes.
 */
final class RawClient implements AutoCloseable {

    private final Socket tcp;
    private final SocketChannel ipc;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket tcp, SocketChannel ipc, InputStream in, OutputStream out) {
        this.tcp = tcp;
        this.ipc = ipc;
        this.in = in;
        this.out = out;
    }

    /** Connects to a STREAM's {@code tcp://host:port} or {@code ipc://path} endpoint. */
    static RawClient connect(String endpoint) {
        try {
            if (endpoint.startsWith("ipc://")) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(Path.of(endpoint.substring("ipc://".length()))));
                return new RawClient(null, ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
            }
            URI uri = URI.create(endpoint);
            Socket s = new Socket();
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            s.setSoTimeout((int) SpecTestBase.TIMEOUT.toMillis());
            return new RawClient(s, null, s.getInputStream(), s.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exactly {@code n} bytes, however they are split on the way. */
    byte[] read(int n) {
        try {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new AssertionError("the connection ended after " + b.length + " of " + n + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String readText(int n) {
        return new String(read(n), StandardCharsets.UTF_8);
    }

    /** Everything until the other side closes the connection. */
    byte[] readToEnd() {
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the other side has closed the connection within {@code timeout} (nothing more to read). */
    boolean endsWithin(Duration timeout) {
        try {
            if (tcp != null) {
                tcp.setSoTimeout((int) timeout.toMillis());
            }
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the peer: ended too
        }
    }

    /** The client's own port, as the STREAM's peer address shows it (tcp only). */
    int localPort() {
        return tcp.getLocalPort();
    }

    @Override
    public void close() {
        try {
            if (tcp != null) {
                tcp.close();
            } else {
                ipc.close();
            }
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
