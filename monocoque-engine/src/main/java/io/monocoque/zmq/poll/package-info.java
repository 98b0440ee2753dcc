/**
 * The poller behind {@link io.monocoque.zmq.ZmqPoller}: a {@link io.monocoque.zmq.poll.PollSet}
 * of entries, each a socket (asked for its events, and telling the set through
 * {@link io.monocoque.zmq.socket.Readiness} when they may have changed) or a {@code java.nio}
 * channel (through a selector the set opens with its first channel).
 *
 * <p>Readiness is level-triggered: every poll asks each entry what holds now. Sockets signal
 * only on their edges, so a poll that finds nothing sleeps (a park, or the selection when there
 * are channels) until a signal or a channel wakes it; the signal and the sleep meet in a
 * Dekker-style handshake, so none is lost and no lock is shared with the I/O threads.
 *
 * <p>Imports {@code socket} (for {@code SocketBase} and {@code Readiness}); nothing below the API
 * imports this package.
 */
package io.monocoque.zmq.poll;
