package io.monocoque.spring.core;

import io.monocoque.zmq.ZmqMessage;

import java.nio.charset.StandardCharsets;

/** What makes a RADIO/DISH group name one the engine takes (RFC 48), checked before a dish joins it. */
public final class Groups {

    private Groups() {
    }

    /**
     * Why {@code group} cannot be joined, or {@code null} when it can: at most
     * {@value ZmqMessage#MAX_GROUP_LENGTH} bytes of UTF-8, no zero character. Checked first, a
     * join that still fails with EINVAL means the group was joined already.
     */
    public static String problem(String group) {
        if (group == null) {
            return "it is null";
        }
        int length = group.getBytes(StandardCharsets.UTF_8).length;
        if (length > ZmqMessage.MAX_GROUP_LENGTH) {
            return "it is " + length + " bytes of UTF-8, and a group is at most " + ZmqMessage.MAX_GROUP_LENGTH;
        }
        if (group.indexOf('\0') >= 0) {
            return "it holds a zero character";
        }
        return null;
    }
}
