package io.monocoque.zmq.pipe;

/**
 * The side that holds one end of a {@link Pipe}: a socket, or a connection on an I/O thread.
 * The pipe calls these on the edges only (empty to non-empty, full to writable), never per
 * message, and never while its caller holds a socket lock.
 */
public interface PipeOwner {

    /** Messages arrived in a pipe end whose reader had found it empty. */
    void readActivated(Pipe pipe);

    /** A pipe end that had reached its high-water mark can be written again. */
    void writeActivated(Pipe pipe);

    /** The other side closed the pipe; messages already queued may still be read. */
    void pipeTerminated(Pipe pipe);
}
