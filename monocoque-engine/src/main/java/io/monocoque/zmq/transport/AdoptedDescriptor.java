package io.monocoque.zmq.transport;

import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;

import java.io.IOException;

/**
 * A listening descriptor handed to a socket (USE_FD), looked at before it is adopted: that it is
 * open, a stream socket of the endpoint's kind and listening, so that a wrong number fails the
 * bind with a reason instead of a listener that never accepts. Linux only, as the epoll transport
 * that adopts it; the wrapper never closes the descriptor.
 */
final class AdoptedDescriptor {

    // <sys/socket.h> on Linux
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SO_DOMAIN = 39;
    private static final int SOCK_STREAM = 1;
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private AdoptedDescriptor() {
    }

    /** Why {@code fd} cannot serve a {@code tcp} (else ipc) listener, or {@code null} when it can. */
    static String problem(int fd, boolean tcp) {
        Socket s = new Socket(fd);
        try {
            int domain = s.getIntOpt(SOL_SOCKET, SO_DOMAIN);
            boolean inet = domain == AF_INET || domain == AF_INET6;
            if (tcp ? !inet : domain != AF_UNIX) {
                return "it is not a " + (tcp ? "tcp (IPv4 or IPv6)" : "Unix domain") + " socket but one of address family " + domain;
            }
            if (s.getIntOpt(SOL_SOCKET, SO_TYPE) != SOCK_STREAM) {
                return "it is not a stream socket";
            }
            if (s.getIntOpt(SOL_SOCKET, SO_ACCEPTCONN) == 0) {
                return "it is not listening (bind and listen it first, as systemd does)";
            }
            return null;
        } catch (IOException e) {
            return "it is not an open socket descriptor (" + e.getMessage() + ")";
        }
    }

    /** The path an adopted Unix domain listener is bound to. */
    static String ipcPath(int fd) {
        DomainSocketAddress a = new Socket(fd).localDomainSocketAddress();
        return a == null ? null : a.path();
    }
}
