package io.monocoque.zmq;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.UnixChannel;
import io.netty.channel.socket.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ZMQ_SNDBUF, ZMQ_RCVBUF, ZMQ_TOS, ZMQ_BACKLOG, the keepalive options and ZMQ_TCP_MAXRT reach the kernel: each is read back from the
 * kernel (getsockopt through the channel, or {@code ss} for a listener's backlog) on the
 * connecting and on the accepted side, on every Netty transport this machine has.
 */
class TcpSocketOptionsTest {

    private static final int SEND_BUFFER = 24 * 1024;
    private static final int RECEIVE_BUFFER = 40 * 1024;
    /** DSCP AF11 (001010) with ECN 00: a value no default has. */
    private static final int TOS = 0x28;

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void bufferSizesAndTypeOfServiceAreTheKernelsOnBothEndsOfAConnection(IoTransport transport) throws Exception {
        assumeTrue(ZmqContext.isAvailable(transport), transport + " is not available on this machine");
        int[] kernel = kernelBufferSizes(SEND_BUFFER, RECEIVE_BUFFER);
        int[] defaults = kernelBufferSizes(-1, -1);
        // Linux keeps twice the size asked for; the JDK (so Netty's NIO) halves what it reads
        // back to keep its API symmetric, the native transports show the kernel's own figure.
        int factor = transport == IoTransport.NIO ? 1 : 2;
        assertThat(kernel).as("the sizes asked for differ from the OS defaults, or the test proves nothing")
                .doesNotContain(defaults[0], defaults[1]);
        try (ZmqContext ctx = ZmqContext.builder().transport(transport).build();
             ZmqSocket pull = tuned(ctx.createSocket(SocketType.PULL));
             ZmqSocket push = tuned(ctx.createSocket(SocketType.PUSH))) {
            for (Channel ch : bothEnds(ctx, pull, push)) {
                assertThat(ch.config().getOption(ChannelOption.SO_SNDBUF)).as("SO_SNDBUF of %s", ch).isEqualTo(factor * kernel[0]);
                assertThat(ch.config().getOption(ChannelOption.SO_RCVBUF)).as("SO_RCVBUF of %s", ch).isEqualTo(factor * kernel[1]);
                assertThat(ch.config().getOption(ChannelOption.IP_TOS)).as("IP_TOS of %s", ch).isEqualTo(TOS);
            }
        }
    }

    /**
     * Keepalive and the retransmission limit on epoll, AUTO's transport: the engine's own epoll
     * channels set them through their own configuration, so they are read back here through
     * Netty's {@code EpollSocketChannel} around the same descriptor (never registered or closed:
     * it only reads).
     */
    @Test
    void keepaliveAndTheRetransmissionLimitAreTheKernelsOnBothEndsOfAnEpollConnection() throws Exception {
        assumeTrue(ZmqContext.isAvailable(IoTransport.EPOLL), "epoll is not available on this machine");
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.EPOLL).build();
             ZmqSocket pull = keptAlive(ctx.createSocket(SocketType.PULL));
             ZmqSocket push = keptAlive(ctx.createSocket(SocketType.PUSH))) {
            for (Channel ch : bothEnds(ctx, pull, push)) {
                EpollSocketChannel view = new EpollSocketChannel(((UnixChannel) ch).fd().intValue());
                assertThat(view.config().isKeepAlive()).as("SO_KEEPALIVE of %s", ch).isTrue();
                assertThat(view.config().getTcpKeepIdle()).as("TCP_KEEPIDLE of %s", ch).isEqualTo(37);
                assertThat(view.config().getTcpKeepIntvl()).as("TCP_KEEPINTVL of %s", ch).isEqualTo(7);
                assertThat(view.config().getTcpKeepCnt()).as("TCP_KEEPCNT of %s", ch).isEqualTo(4);
                assertThat(view.config().getTcpUserTimeout()).as("TCP_USER_TIMEOUT of %s", ch).isEqualTo(9_000);
                assertThat(view.config().isTcpNoDelay()).as("TCP_NODELAY of %s", ch).isTrue();
                // The engine's configuration reads what Netty's does.
                assertThat(ch.config().getOption(EpollChannelOption.TCP_KEEPIDLE)).isEqualTo(37);
                assertThat(ch.config().getOption(EpollChannelOption.TCP_USER_TIMEOUT)).isEqualTo(9_000);
            }
        }
    }

    private static ZmqSocket keptAlive(ZmqSocket s) {
        s.setOption(SocketOption.TCP_KEEPALIVE, true);
        s.setOption(SocketOption.TCP_KEEPALIVE_IDLE, Duration.ofSeconds(37));
        s.setOption(SocketOption.TCP_KEEPALIVE_INTERVAL, Duration.ofSeconds(7));
        s.setOption(SocketOption.TCP_KEEPALIVE_COUNT, 4);
        s.setOption(SocketOption.TCP_MAX_RETRANSMIT_TIMEOUT, Duration.ofSeconds(9));
        return s;
    }

    @Test
    void connectionsKeepTheOsBuffersAndNoTypeOfServiceByDefault() throws Exception {
        int[] defaults = kernelBufferSizes(-1, -1);
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            assertThat(pull.getOption(SocketOption.SEND_BUFFER_SIZE)).isEqualTo(-1);
            assertThat(pull.getOption(SocketOption.RECEIVE_BUFFER_SIZE)).isEqualTo(-1);
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            push.send("hello");
            assertThat(pull.receive(Duration.ofSeconds(5))).isNotNull();
            for (Channel ch : connections(ctx)) {
                // The kernel grows an untouched buffer with auto-tuning; a set one stays as set.
                assertThat(ch.config().getOption(ChannelOption.SO_RCVBUF)).isGreaterThanOrEqualTo(defaults[1]);
                assertThat(ch.config().getOption(ChannelOption.IP_TOS)).isZero();
            }
        }
    }

    @Test
    void backlogIsTheListenQueueTheKernelKeepsAndDefaultsToLibzmqs100() throws Exception {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket tuned = ctx.createSocket(SocketType.PULL);
             ZmqSocket plain = ctx.createSocket(SocketType.PULL)) {
            tuned.setOption(SocketOption.BACKLOG, 7);
            tuned.bind("tcp://127.0.0.1:*");
            plain.bind("tcp://127.0.0.1:*");
            assertThat(listenQueue(tuned.lastEndpoint())).isEqualTo(7);
            assertThat(listenQueue(plain.lastEndpoint())).isEqualTo(100);
        }
    }

    @Test
    void negativeSizesOtherThanMinusOneAndTypeOfServiceBeyondAByteAreRefused() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket s = ctx.createSocket(SocketType.PUSH)) {
            for (SocketOption<Integer> o : List.of(SocketOption.SEND_BUFFER_SIZE, SocketOption.RECEIVE_BUFFER_SIZE)) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.setOption(o, -2))
                        .isInstanceOf(ZmqException.class).hasMessageContaining(o.name());
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.setOption(SocketOption.TYPE_OF_SERVICE, 256))
                    .isInstanceOf(ZmqException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.setOption(SocketOption.BACKLOG, -1))
                    .isInstanceOf(ZmqException.class);
        }
    }

    private static ZmqSocket tuned(ZmqSocket s) {
        s.setOption(SocketOption.SEND_BUFFER_SIZE, SEND_BUFFER);
        s.setOption(SocketOption.RECEIVE_BUFFER_SIZE, RECEIVE_BUFFER);
        s.setOption(SocketOption.TYPE_OF_SERVICE, TOS);
        return s;
    }

    /** Connects {@code push} to {@code pull} over tcp, sends one message, and returns the connecting and the accepted channel. */
    private static List<Channel> bothEnds(ZmqContext ctx, ZmqSocket pull, ZmqSocket push) {
        pull.bind("tcp://127.0.0.1:*");
        push.connect(pull.lastEndpoint());
        push.send("hello");
        assertThat(pull.receive(Duration.ofSeconds(5))).isEqualTo(ZmqMessage.of("hello"));
        List<Channel> connections = connections(ctx);
        assertThat(connections).as("the connecting and the accepted channel").hasSize(2);
        return connections;
    }

    private static List<Channel> connections(ZmqContext ctx) {
        return ctx.io().openChannels().stream().filter(ch -> ch instanceof SocketChannel).toList();
    }

    /** What this kernel makes of the sizes, as the JDK reads them: a plain channel asked for the same (-1: untouched). */
    private static int[] kernelBufferSizes(int send, int receive) throws IOException {
        // A channel has its file descriptor from the start (a java.net.Socket only once connected).
        try (java.nio.channels.SocketChannel s = java.nio.channels.SocketChannel.open()) {
            if (send >= 0) {
                s.setOption(StandardSocketOptions.SO_SNDBUF, send);
            }
            if (receive >= 0) {
                s.setOption(StandardSocketOptions.SO_RCVBUF, receive);
            }
            return new int[] {s.getOption(StandardSocketOptions.SO_SNDBUF), s.getOption(StandardSocketOptions.SO_RCVBUF)};
        }
    }

    /** A listening tcp socket's backlog, as the kernel reports it: {@code ss} shows it as Send-Q. */
    static int listenQueue(String endpoint) throws Exception {
        String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        Process p = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS), "ss did not answer");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as("ss: %s", out).isZero();
        // State Recv-Q Send-Q Local-Address:Port Peer-Address:Port
        String[] fields = out.split("\\s+");
        assertThat(fields).as("ss output for port %s: %s", port, out).hasSizeGreaterThanOrEqualTo(4);
        return Integer.parseInt(fields[2]);
    }
}
