package io.monocoque.zmq.wire;

/**
 * Conversions between the two wire forms of a subscription: the SUBSCRIBE/CANCEL commands of
 * ZMTP 3.1 and the single-frame messages (0x01 or 0x00 followed by the topic) that ZMTP 3.0 peers
 * and XPUB/XSUB applications use.
 */
public final class SubscriptionFrames {

    /** First byte of a subscribe message. */
    public static final byte SUBSCRIBE = 0x01;
    /** First byte of a cancel message. */
    public static final byte CANCEL = 0x00;

    private SubscriptionFrames() {
    }

    /** The message body {@code 0x01 + topic}. */
    public static byte[] subscribeMessageBody(byte[] topic) {
        return body(SUBSCRIBE, topic);
    }

    /** The message body {@code 0x00 + topic}. */
    public static byte[] cancelMessageBody(byte[] topic) {
        return body(CANCEL, topic);
    }

    /**
     * The command equivalent of a subscription message body: SUBSCRIBE for a leading 0x01,
     * CANCEL for 0x00, {@code null} for an empty body or any other first byte (libzmq passes
     * those on to XPUB applications as ordinary messages).
     */
    public static Command toCommand(byte[] frame) {
        if (frame.length == 0) {
            return null;
        }
        byte[] topic = new byte[frame.length - 1];
        System.arraycopy(frame, 1, topic, 0, topic.length);
        switch (frame[0]) {
            case SUBSCRIBE:
                return new SubscribeCommand(topic, false);
            case CANCEL:
                return new CancelCommand(topic, false);
            default:
                return null;
        }
    }

    /**
     * The message body equivalent of a SUBSCRIBE or CANCEL command; {@code null} for any other command.
     */
    public static byte[] toMessageBody(Command command) {
        if (command instanceof SubscribeCommand) {
            return body(SUBSCRIBE, ((SubscribeCommand) command).topicBytes());
        }
        if (command instanceof CancelCommand) {
            return body(CANCEL, ((CancelCommand) command).topicBytes());
        }
        return null;
    }

    private static byte[] body(byte kind, byte[] topic) {
        byte[] body = new byte[topic.length + 1];
        body[0] = kind;
        System.arraycopy(topic, 0, body, 1, topic.length);
        return body;
    }
}
