package io.monocoque.zmq.interop;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * One libzmq socket in a python (pyzmq) child process, driven a command at a time: the script
 * {@code options/libzmq_option_peer.py}. Tests call {@link PyzmqInterpreter#assumeAvailable()} first.
 */
final class LibzmqOptionPeer implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();
    private static final Duration STEP = Duration.ofSeconds(20);

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final String endpoint;

    /**
     * Starts a libzmq socket of {@code type} ({@code "ROUTER"}), binding or connecting to
     * {@code endpoint} after setting {@code options}: pairs of a zmq constant name and an
     * {@code Integer} or {@code byte[]} value.
     */
    LibzmqOptionPeer(String type, boolean bind, String endpoint, Object... options) {
        List<String> command = new ArrayList<>(List.of(PyzmqInterpreter.path(), "-u",
                PyzmqInterpreter.script("/options/libzmq_option_peer.py").toString(), type, bind ? "bind" : "connect", endpoint));
        for (int i = 0; i < options.length; i += 2) {
            Object value = options[i + 1];
            command.add(value instanceof byte[] ? "--bytes" : "--int");
            command.add(options[i] + "=" + (value instanceof byte[] ? HEX.formatHex((byte[]) value) : value));
        }
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stdin = process.getOutputStream();
        pump(process, true);
        pump(process, false);
        this.endpoint = await("READY ").substring("READY ".length());
    }

    private void pump(Process p, boolean out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(out ? p.getInputStream() : p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (out) {
                        lines.add(line);
                    } else {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "libzmq-option-peer-" + (out ? "out" : "err"));
        t.setDaemon(true);
        t.start();
    }

    /** The endpoint the socket bound or connected to, as libzmq reports it. */
    String endpoint() {
        return endpoint;
    }

    /** Sends one message of these frames. */
    void send(byte[]... frames) {
        List<String> hex = new ArrayList<>();
        for (byte[] f : frames) {
            hex.add(HEX.formatHex(f));
        }
        command("send " + String.join(",", hex));
        await("SENT");
    }

    /** Sends one message of these UTF-8 frames. */
    void send(String... frames) {
        byte[][] b = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            b[i] = frames[i].getBytes(StandardCharsets.UTF_8);
        }
        send(b);
    }

    /** The next message's frames, or {@code null} if none came within libzmq's 10 s receive timeout. */
    List<byte[]> receive() {
        command("recv");
        String line = await("");
        if (line.equals("TIMEOUT")) {
            return null;
        }
        if (!line.startsWith("RECV ")) {
            fail("unexpected line from the libzmq socket: " + line + "; stderr:\n" + stderr);
        }
        List<byte[]> frames = new ArrayList<>();
        for (String f : line.substring("RECV ".length()).split(",", -1)) {
            frames.add(HEX.parseHex(f));
        }
        return frames;
    }

    /** The next message's frames as UTF-8 text; fails if none comes. */
    List<String> receiveStrings() {
        List<byte[]> frames = receive();
        if (frames == null) {
            fail("the libzmq socket received nothing; stderr:\n" + stderr);
        }
        List<String> s = new ArrayList<>();
        frames.forEach(f -> s.add(new String(f, StandardCharsets.UTF_8)));
        return s;
    }

    private void command(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the libzmq socket process is gone; stderr:\n" + stderr, e);
        }
    }

    private String await(String prefix) {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (line == null) {
                fail("no '" + prefix.trim() + "' from the libzmq socket within " + STEP + "; alive=" + process.isAlive()
                        + ", stderr:\n" + stderr);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.write("quit\n".getBytes(StandardCharsets.UTF_8));
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
