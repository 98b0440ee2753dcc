package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.pipe.Conflation;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.pipe.HighWaterMarks;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.PipeHost;
import io.monocoque.zmq.wire.Metadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code inproc://} endpoints of one context: sockets joined directly by a pipe, with no Netty,
 * no encoding and no copy of message bodies. Bind and connect may come in either order: a
 * connect to a name not bound yet queues its messages until the bind arrives.
 */
final class InprocRegistry {

    private final Map<String, PipeHost> bound = new HashMap<>();
    private final Map<String, List<Pending>> pending = new HashMap<>();

    /**
     * A connect that came before its bind: the binder's end of its pipe, and the connecter, whose
     * high-water marks as they are when the bind arrives set the pipe's together with the
     * binder's (libzmq takes the connecter's marks as they were at connect).
     */
    private record Pending(Pipe binderEnd, PipeHost connecter) {
    }

    EndpointHandle bind(PipeHost socket, Endpoint e) {
        String name = e.address();
        List<Pending> waiting;
        synchronized (this) {
            if (bound.containsKey(name)) {
                throw new ZmqException(ZmqError.EADDRINUSE, socket.name() + ": cannot bind to " + e + ": already bound in this context");
            }
            bound.put(name, socket);
            waiting = pending.remove(name);
        }
        socket.emit(MonitorEventType.LISTENING, e.toString(), 0, null);
        if (waiting != null) {
            int sendHwm = socket.getOption(SocketOption.SEND_HIGH_WATER_MARK);
            int receiveHwm = socket.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK);
            for (Pending p : waiting) {
                // Until now both directions had the connecter's own marks; from now on each
                // holds the sender's send mark plus the receiver's receive mark.
                Pipe connecterEnd = p.binderEnd().peer();
                boolean wake = connecterEnd.setHighWaterMark(sum(p.connecter().getOption(SocketOption.SEND_HIGH_WATER_MARK), receiveHwm));
                p.binderEnd().setHighWaterMark(sum(sendHwm, p.connecter().getOption(SocketOption.RECEIVE_HIGH_WATER_MARK)));
                attachBinder(socket, p.binderEnd(), e);
                if (wake && connecterEnd.owner() != null) {
                    connecterEnd.owner().writeActivated(connecterEnd);
                }
            }
        }
        String endpoint = e.toString();
        return new EndpointHandle() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public void close() {
                synchronized (InprocRegistry.this) {
                    bound.remove(name, socket);
                }
                socket.emit(MonitorEventType.CLOSED, endpoint, 0, null);
            }
        };
    }

    /** The socket bound at {@code inproc://name}, or {@code null}: how ZAP finds its handler. */
    synchronized PipeHost boundSocket(String name) {
        return bound.get(name);
    }

    EndpointHandle connect(PipeHost socket, Endpoint e) {
        String name = e.address();
        PipeHost binder;
        Pipe[] pair;
        synchronized (this) {
            binder = bound.get(name);
            PipeHost rcvSide = binder != null ? binder : socket;
            // As libzmq: an inproc pipe holds the sender's send HWM plus the receiver's receive HWM.
            pair = Pipe.socketPair(
                    sum(socket.getOption(SocketOption.SEND_HIGH_WATER_MARK), rcvSide.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK)),
                    binder == null
                            ? sum(socket.getOption(SocketOption.SEND_HIGH_WATER_MARK), socket.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK))
                            : sum(binder.getOption(SocketOption.SEND_HIGH_WATER_MARK), socket.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK)),
                    binder == null ? Conflation.of(socket) : Conflation.of(socket).with(Conflation.of(binder)));
            Pipe binderEnd = pair[1];
            binderEnd.setPeerInfo(info(socket, e));
            binderEnd.setRoutingId(socket.getOption(SocketOption.ROUTING_ID));
            if (binder == null) {
                pending.computeIfAbsent(name, k -> new ArrayList<>()).add(new Pending(binderEnd, socket));
            }
        }
        Pipe connecterEnd = pair[0];
        connecterEnd.setConnected(binder != null);
        pair[1].setConnected(true);
        // CONNECT_ROUTING_ID outranks the routing id the bound peer has.
        byte[] assignedId = socket.getOption(SocketOption.CONNECT_ROUTING_ID);
        if (binder != null) {
            connecterEnd.setPeerInfo(info(binder, e));
            connecterEnd.setRoutingId(binder.getOption(SocketOption.ROUTING_ID));
        }
        if (assignedId != null) {
            connecterEnd.setRoutingId(assignedId);
        }
        sayHello(socket, connecterEnd);
        if (socket.attachPipe(connecterEnd, true) != null) {
            synchronized (this) {
                List<Pending> l = pending.get(name);
                if (l != null) {
                    l.removeIf(p -> p.binderEnd() == pair[1]);
                }
            }
            return handle(socket, e, connecterEnd, false);
        }
        if (binder != null) {
            attachBinder(binder, pair[1], e);
        }
        socket.emit(MonitorEventType.CONNECTED, e.toString(), 0, null);
        return handle(socket, e, connecterEnd, true);
    }

    private static void attachBinder(PipeHost binder, Pipe binderEnd, Endpoint e) {
        binderEnd.peer().setConnected(true);
        // DISCONNECT_MSG: as libzmq 4.3.5 (socket_base.cpp connect, ctx.cpp connect_inproc_sockets),
        // the bound ROUTER's message rides on the connecting socket's end, which writes it when
        // that socket closes or disconnects.
        binderEnd.peer().setDisconnectMessage(ConnectionNotices.of(binder, false).disconnect());
        sayHello(binder, binderEnd);
        if (binder.attachPipe(binderEnd, true) != null) {
            binderEnd.terminate(); // e.g. a PAIR that already has its peer
        } else {
            binder.emit(MonitorEventType.ACCEPTED, e.toString(), 0, null);
        }
    }

    private EndpointHandle handle(PipeHost socket, Endpoint e, Pipe connecterEnd, boolean attached) {
        String endpoint = e.toString();
        return new EndpointHandle() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public void close() {
                synchronized (InprocRegistry.this) {
                    List<Pending> l = pending.get(e.address());
                    if (l != null) {
                        l.removeIf(p -> p.binderEnd() == connecterEnd.peer());
                    }
                }
                if (attached) {
                    socket.detachPipe(connecterEnd);
                }
            }
        };
    }

    /**
     * HELLO_MSG: queued on the socket's end before the socket owns it, so it is the first message
     * the peer reads (the peer's attach looks for what is already queued).
     */
    private static void sayHello(PipeHost socket, Pipe socketEnd) {
        byte[] hello = ConnectionNotices.of(socket, false).hello();
        if (hello != null) {
            socketEnd.write(hello);
        }
    }

    private static PeerInfo info(PipeHost s, Endpoint e) {
        Map<String, byte[]> props = new HashMap<>();
        props.put(Metadata.SOCKET_TYPE, s.type().wireName().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] id = s.getOption(SocketOption.ROUTING_ID);
        if (id != null) {
            props.put(Metadata.IDENTITY, id);
        }
        return new PeerInfo(props, e.toString(), null);
    }

    private static int sum(int a, int b) {
        return HighWaterMarks.sum(a, b);
    }
}
