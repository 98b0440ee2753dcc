package io.monocoque.zmq.interop;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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
 * One libzmq socket in a python process ({@code pubsub/libzmq_socket.py}) that a test drives
 * step by step: set an option, bind or connect, send, receive. For the behaviours where what
 * libzmq does is the specification (conflate with multipart messages, xpub-manual with a
 * welcome message), so a test can do the same to libzmq and to Monocoque.
 */
final class LibzmqSocket implements AutoCloseable {

    private static final Duration ANSWER = Duration.ofSeconds(30);
    private static final HexFormat HEX = HexFormat.of();

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuffer errors = new StringBuffer();

    /** Starts a libzmq socket of {@code type}, a pyzmq constant name such as {@code "SUB"}. */
    LibzmqSocket(String type) {
        PyzmqInterpreter.assumeAvailable();
        try {
            process = new ProcessBuilder(PyzmqInterpreter.path(), "-u",
                    PyzmqInterpreter.script("/pubsub/libzmq_socket.py").toString(), type, "90").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("libzmq-socket-out", () -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    answers.add(line);
                }
            }
        });
        daemon("libzmq-socket-err", () -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    errors.append(line).append('\n');
                }
            }
        });
    }

    private interface IoRunnable {
        void run() throws IOException;
    }

    private static void daemon(String name, IoRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** {@code setsockopt(zmq.<name>, value)}. */
    LibzmqSocket option(String name, int value) {
        expectOk(ask("opt " + name + " " + value));
        return this;
    }

    /** {@code setsockopt(zmq.<name>, bytes)}. */
    LibzmqSocket option(String name, byte[] value) {
        expectOk(ask("opt " + name + " hex:" + HEX.formatHex(value)));
        return this;
    }

    /** Binds and returns the endpoint it resolved to. */
    String bind(String endpoint) {
        String a = ask("bind " + endpoint);
        expectOk(a);
        return a.substring("ok ".length());
    }

    void connect(String endpoint) {
        expectOk(ask("connect " + endpoint));
    }

    /** Starts libzmq's monitor on the socket (every event). */
    LibzmqSocket monitor() {
        expectOk(ask("monitor"));
        return this;
    }

    /**
     * The monitor events since the last call, by libzmq's names ({@code "ACCEPTED"}), collected
     * until none has come for {@code quiet}.
     */
    List<String> events(Duration quiet) {
        String a = ask("events " + quiet.toMillis());
        if (!a.startsWith("events ")) {
            fail("libzmq peer: %s%s", a, stderr());
        }
        String names = a.substring("events ".length());
        return names.equals("-") ? List.of() : List.of(names.split(","));
    }

    /** Sends without blocking; false when libzmq says EAGAIN. */
    boolean send(byte[]... frames) {
        List<String> hex = new ArrayList<>();
        for (byte[] f : frames) {
            hex.add(f.length == 0 ? "-" : HEX.formatHex(f));
        }
        String a = ask("send " + String.join(",", hex));
        if (a.equals("again")) {
            return false;
        }
        expectOk(a);
        return true;
    }

    /** Sends one message of UTF-8 frames; fails the test on EAGAIN. */
    void send(String... frames) {
        byte[][] bytes = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            bytes[i] = frames[i].getBytes(StandardCharsets.UTF_8);
        }
        if (!send(bytes)) {
            fail("libzmq refused to send %s (EAGAIN)", List.of(frames));
        }
    }

    /** The next message's frames, waiting up to {@code timeout}; null when none came. */
    List<byte[]> receive(Duration timeout) {
        String a = ask("recv " + timeout.toMillis());
        if (a.equals("none")) {
            return null;
        }
        if (!a.startsWith("msg ")) {
            fail("libzmq peer: %s%s", a, stderr());
        }
        List<byte[]> frames = new ArrayList<>();
        for (String f : a.substring("msg ".length()).split(",")) {
            frames.add(f.equals("-") ? new byte[0] : HEX.parseHex(f));
        }
        return frames;
    }

    /** The next message's frames as UTF-8 text; fails the test when none comes within {@code timeout}. */
    List<String> receiveText(Duration timeout) {
        List<byte[]> frames = receive(timeout);
        if (frames == null) {
            fail("the libzmq socket received nothing within %s", timeout);
        }
        List<String> text = new ArrayList<>();
        frames.forEach(f -> text.add(new String(f, StandardCharsets.UTF_8)));
        return text;
    }

    private String ask(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
            String a = answers.poll(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            if (a == null) {
                fail("the libzmq peer did not answer '%s' within %s%s", command, ANSWER, stderr());
            }
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException("the libzmq peer is gone" + stderr(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void expectOk(String answer) {
        if (!answer.equals("ok") && !answer.startsWith("ok ")) {
            fail("libzmq peer: %s%s", answer, stderr());
        }
    }

    private String stderr() {
        return errors.length() == 0 ? "" : "\nstderr of the libzmq peer:\n" + errors;
    }

    @Override
    public void close() {
        try {
            commands.write("close\n");
            commands.flush();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
