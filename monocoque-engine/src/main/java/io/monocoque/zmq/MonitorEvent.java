package io.monocoque.zmq;

/**
 * A socket monitor event.
 *
 * @param type     what happened
 * @param endpoint the endpoint it happened on (as bound or connected), or {@code null}
 * @param value    a number whose meaning depends on the type (the retry delay in milliseconds for
 *                 {@link MonitorEventType#CONNECT_RETRIED}), else 0
 * @param reason   a human-readable explanation for failures and disconnections, or {@code null}
 */
public record MonitorEvent(MonitorEventType type, String endpoint, long value, String reason) {

    @Override
    public String toString() {
        return type + (endpoint == null ? "" : " " + endpoint) + (value != 0 ? " value=" + value : "")
                + (reason == null ? "" : " (" + reason + ")");
    }
}
