package io.monocoque.zmq.transport;

import io.netty.channel.ChannelException;
import io.netty.channel.epoll.LinuxSocket;

import java.io.IOException;

/**
 * Reads and writes of an epoll socket's settings for the direct channels' configurations
 * ({@link EpollDirectSocketChannelConfig}, {@link EpollDirectServerSocketChannelConfig}), a
 * failure turned into the {@link ChannelException} Netty's configurations throw.
 */
final class EpollSocketCalls {

    /** A read of the socket's state that may fail. */
    @FunctionalInterface
    interface SocketRead<T> {
        T from(LinuxSocket socket) throws IOException;
    }

    /** A change of the socket's settings that may fail. */
    @FunctionalInterface
    interface SocketWrite {
        void to(LinuxSocket socket) throws IOException;
    }

    private EpollSocketCalls() {
    }

    static <T> T get(LinuxSocket socket, SocketRead<T> read) {
        try {
            return read.from(socket);
        } catch (IOException e) {
            throw new ChannelException(e);
        }
    }

    static void set(LinuxSocket socket, SocketWrite write) {
        try {
            write.to(socket);
        } catch (IOException e) {
            throw new ChannelException(e);
        }
    }
}
