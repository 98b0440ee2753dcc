package io.monocoque.spring.listener;

/** What a listener container hands each received message to. */
@FunctionalInterface
public interface ZmqMessageListener {

    /**
     * Handles one message; may {@linkplain ZmqReceivedMessage#reply reply} to it. An exception
     * is logged by the container, which goes on with the next message.
     */
    void onMessage(ZmqReceivedMessage message) throws Exception;
}
