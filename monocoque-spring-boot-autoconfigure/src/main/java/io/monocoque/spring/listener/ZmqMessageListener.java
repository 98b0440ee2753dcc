package io.monocoque.spring.listener;

/** What a listener container hands each received message to. */
@FunctionalInterface
public interface ZmqMessageListener {

    /**
     * Handles one message; may {@linkplain ZmqReceivedMessage#reply reply} to it. An exception
     * is logged by the container, which goes on with the next message.
     */
    void onMessage(ZmqReceivedMessage message) throws Exception;

    /**
     * Called when the container starts, before the first message: the place to check, once, what
     * every message would need (such as the socket results are sent to), so that a listener that
     * cannot work fails the start instead of each message.
     */
    default void checkReady() {
    }

    /**
     * Handles a batch of messages received together (a batch listener); by default one by one.
     * Replies are not possible in a batch.
     */
    default void onBatch(java.util.List<ZmqReceivedMessage> messages) throws Exception {
        for (ZmqReceivedMessage m : messages) {
            onMessage(m);
        }
    }

    /**
     * Called after the last failed attempt on {@code message}: the place for the listener's own
     * error handling (an error reply, say).
     *
     * @return whether the failure was handled; {@code false} hands it to the container's recoverer
     * @throws Exception when handling it failed too
     */
    default boolean handleFailure(ZmqReceivedMessage message, Throwable failure) throws Exception {
        return false;
    }
}
