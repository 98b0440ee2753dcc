package io.monocoque.zmq.pipe;

/** Test helpers for reading pipes. */
final class Pipes {

    private Pipes() {
    }

    /** The next message {@code p} holds, as it was written, or null when there is none. */
    static Msg read(Pipe p) {
        Msg m = new Msg();
        return p.read(m) ? m : null;
    }
}
