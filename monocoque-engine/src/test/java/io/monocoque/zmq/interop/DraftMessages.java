package io.monocoque.zmq.interop;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * What the draft-type interop conversations send ({@link JeroMqDraftInteropTest}): single-frame
 * text payloads, numbered so that order and the right recipient are checked on both sides.
 */
final class DraftMessages {

    /** The names of the two CLIENTs in a CLIENT/SERVER conversation. */
    static final List<String> CLIENTS = List.of("first", "second");

    private DraftMessages() {
    }

    /** Message {@code i} from {@code sender}, padded so that sizes vary from 1-byte lengths to 8-byte ones. */
    static String payload(String sender, int i) {
        int pad = i % 50 == 49 ? 300 : i % 7;
        return sender + ":" + i + ":" + "x".repeat(pad);
    }

    /** What a SERVER or a binding PEER sends back for {@code payload}. */
    static String echo(String payload) {
        return "echo " + payload;
    }

    /** The sender's name: the payload up to its first colon. */
    static String sender(String payload) {
        int colon = payload.indexOf(':');
        return colon < 0 ? payload : payload.substring(0, colon);
    }

    static void expect(String what, String actual, String expected) {
        if (!expected.equals(actual)) {
            fail(what + ": expected '" + expected + "' but got '" + actual + "'");
        }
    }

    /** Checks that {@code routingId} is nonzero and the one this sender always had. */
    static void checkRoutingId(Map<String, Integer> ids, String payload, int routingId) {
        if (routingId == 0) {
            fail("'" + payload + "' came without a routing id");
        }
        Integer before = ids.putIfAbsent(sender(payload), routingId);
        if (before != null && before != routingId) {
            fail(sender(payload) + "'s routing id changed from " + Integer.toUnsignedString(before) + " to "
                    + Integer.toUnsignedString(routingId));
        }
    }
}
