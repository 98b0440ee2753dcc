package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.auth.ZapReply;

/** How every mechanism ends a handshake on a ZAP refusal or on a peer's ERROR, the way libzmq does. */
final class Authentication {

    private Authentication() {
    }

    /**
     * ZAP_ENFORCE_DOMAIN is on, a ZAP domain is set and nothing answers ZAP: the client is
     * refused (HANDSHAKE_FAILED_AUTH, value 0) and the connection closes without an ERROR.
     */
    static void refuseWithoutHandler(HandshakeSession session, String mechanism) {
        // libzmq reports HANDSHAKE_FAILED_NO_DETAIL (EFAULT) and closes without an ERROR command.
        session.fail(MonitorEventType.HANDSHAKE_FAILED_AUTH, 0, mechanism + " server with ZAP domain '"
                + session.zapDomain() + "' and ZAP_ENFORCE_DOMAIN has no ZAP handler or authenticator: every client is refused",
                null);
    }

    /**
     * The ZAP handler refused the client: monitors see HANDSHAKE_FAILED_AUTH with the status code
     * as value; the client gets an ERROR carrying only the status code for 400 and 500, and
     * nothing for a temporary 300 (RFC 26/27, libzmq's zap_client).
     */
    static void refuse(HandshakeSession session, ZapReply reply) {
        String code = Integer.toString(reply.statusCode());
        String text = reply.statusText().isEmpty() ? "" : ": " + reply.statusText();
        session.fail(MonitorEventType.HANDSHAKE_FAILED_AUTH, reply.statusCode(),
                "authentication refused by ZAP (" + code + text + ")", reply.statusCode() == 300 ? null : code);
    }

    /**
     * The peer sent ERROR during the handshake: a 3-digit ZAP status code means it refused our
     * credentials (HANDSHAKE_FAILED_AUTH, value = the code); anything else is a protocol failure.
     */
    static void peerRefused(HandshakeSession session, String reason) {
        int code = statusCode(reason);
        if (code != 0) {
            session.fail(MonitorEventType.HANDSHAKE_FAILED_AUTH, code,
                    "the peer refused our credentials (ERROR " + reason + ")", null);
        } else {
            session.fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, 0, "peer refused the handshake: " + reason, null);
        }
    }

    private static int statusCode(String reason) {
        if (reason.length() == 3 && reason.charAt(0) >= '3' && reason.charAt(0) <= '5'
                && reason.charAt(1) == '0' && reason.charAt(2) == '0') {
            return (reason.charAt(0) - '0') * 100;
        }
        return 0;
    }
}
