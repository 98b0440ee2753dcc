package io.monocoque.spring.listener;

/**
 * What becomes of a message the listener failed on after its last attempt (retries included) and
 * after the listener's error handler, if any, did not handle it: for instance
 * {@link ZmqDeadLetterRecoverer}, which sends it to a dead-letter socket. Without a recoverer the
 * failure is logged and the message dropped.
 */
@FunctionalInterface
public interface ZmqMessageRecoverer {

    /**
     * @param message  the message as the listener received it
     * @param failure  the last failure
     * @param attempts how many times the listener was called with it
     * @throws Exception when the message could not be recovered (it is then logged as failed)
     */
    void recover(ZmqReceivedMessage message, Throwable failure, int attempts) throws Exception;

    /** Called when a container using this recoverer starts: checks what recovering will need. */
    default void checkReady() {
    }
}
