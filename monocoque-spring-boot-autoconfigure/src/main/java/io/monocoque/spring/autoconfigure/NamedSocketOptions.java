package io.monocoque.spring.autoconfigure;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;

/**
 * {@code monocoque.sockets.<name>.options}: socket options set by their engine name, for the
 * options that have no property of their own. A name that is no option, or one whose option has
 * its own property (or is a secret, which belongs under {@code plain} or {@code curve}), stops
 * start-up naming the property; so does a value the option's type or the engine refuses.
 */
final class NamedSocketOptions {

    /** Options set through their own properties, which the map must not set a second time. */
    private static final Set<SocketOption<?>> OWN_PROPERTIES = Set.of(
            SocketOption.SEND_HIGH_WATER_MARK, SocketOption.RECEIVE_HIGH_WATER_MARK, SocketOption.SEND_TIMEOUT,
            SocketOption.RECEIVE_TIMEOUT, SocketOption.LINGER, SocketOption.RECONNECT_INTERVAL,
            SocketOption.RECONNECT_INTERVAL_MAX, SocketOption.IMMEDIATE, SocketOption.HANDSHAKE_INTERVAL,
            SocketOption.MAX_MESSAGE_SIZE, SocketOption.ROUTING_ID, SocketOption.ROUTER_MANDATORY, SocketOption.XPUB_VERBOSE,
            SocketOption.REQ_RELAXED, SocketOption.REQ_CORRELATE, SocketOption.ROUTER_HANDOVER, SocketOption.PROBE_ROUTER,
            SocketOption.TCP_KEEPALIVE, SocketOption.TCP_KEEPALIVE_IDLE, SocketOption.TCP_KEEPALIVE_INTERVAL,
            SocketOption.TCP_KEEPALIVE_COUNT, SocketOption.TCP_MAX_RETRANSMIT_TIMEOUT, SocketOption.CONNECT_TIMEOUT,
            SocketOption.HEARTBEAT_INTERVAL, SocketOption.HEARTBEAT_TIMEOUT, SocketOption.HEARTBEAT_TTL, SocketOption.METADATA,
            SocketOption.ZAP_DOMAIN, SocketOption.PLAIN_SERVER, SocketOption.PLAIN_USERNAME, SocketOption.CURVE_SERVER,
            SocketOption.CURVE_PUBLIC_KEY, SocketOption.CURVE_SERVER_KEY, SocketOption.CONFLATE, SocketOption.XPUB_NODROP,
            SocketOption.XPUB_MANUAL, SocketOption.XPUB_WELCOME_MSG, SocketOption.INVERT_MATCHING, SocketOption.ONLY_FIRST_SUBSCRIBE,
            SocketOption.IPV6, SocketOption.TYPE_OF_SERVICE, SocketOption.BACKLOG, SocketOption.SEND_BUFFER_SIZE,
            SocketOption.RECEIVE_BUFFER_SIZE, SocketOption.CONNECT_ROUTING_ID);

    private NamedSocketOptions() {
    }

    static void apply(ZmqSocket socket, Map<String, String> options, String prefix) {
        ConversionService conversion = ApplicationConversionService.getSharedInstance();
        options.forEach((name, text) -> {
            String property = prefix + ".options." + name;
            SocketOption<?> option = SocketOption.forName(name).orElseThrow(() -> new ZmqConfigurationException(property, text,
                    "there is no socket option named '" + name + "'",
                    "Use one of the engine's option names: " + names() + "."));
            if (option.isReadOnly()) {
                throw new ZmqConfigurationException(property, text, "'" + name + "' is read-only: it reports on the socket",
                        "Remove " + property + "; read it with ZmqSocket.getOption(SocketOption." + constant(name) + ").");
            }
            if (option.isSecret()) {
                throw new ZmqConfigurationException(property, "(secret, not shown)", "'" + name + "' is a secret",
                        name.startsWith("plain-") || name.startsWith("curve-")
                                ? "Set it under " + prefix + ".plain or " + prefix + ".curve, which can read it from a file."
                                : "Set it in code, with a ZmqSocketCustomizer bean, so that it stays out of the configuration.");
            }
            if (OWN_PROPERTIES.contains(option)) {
                throw new ZmqConfigurationException(property, text, "'" + name + "' has a property of its own",
                        "Set " + ownProperty(prefix, option) + " instead.");
            }
            set(socket, option, convert(conversion, option, text, property), property, text);
        });
    }

    private static <T> T convert(ConversionService conversion, SocketOption<T> option, String text, String property) {
        Class<T> type = option.type();
        try {
            if (type == byte[].class) {
                return type.cast(text.getBytes(StandardCharsets.UTF_8));
            }
            if (type == Boolean.class && !text.trim().equalsIgnoreCase("true") && !text.trim().equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(text);
            }
            if (conversion.canConvert(String.class, type)) {
                T value = conversion.convert(text.trim(), type);
                if (value != null) {
                    return value;
                }
            }
        } catch (ConversionException | IllegalArgumentException e) {
            throw new ZmqConfigurationException(property, text, "not " + describe(type), "Set " + property + " to " + describe(type) + ".", e);
        }
        throw new ZmqConfigurationException(property, text, "options of type " + type.getSimpleName() + " cannot be set from text",
                "Set this option in code, with a ZmqSocketCustomizer bean.");
    }

    private static <T> void set(ZmqSocket socket, SocketOption<T> option, Object value, String property, String text) {
        try {
            socket.setOption(option, option.type().cast(value));
        } catch (ZmqException e) {
            throw new ZmqConfigurationException(property, text, e.getMessage(),
                    "Set " + property + " to a value the socket accepts, or remove it.", e);
        }
    }

    private static String describe(Class<?> type) {
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "a duration such as 500ms or 5s";
        }
        if (type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        return "a " + type.getSimpleName();
    }

    private static String ownProperty(String prefix, SocketOption<?> option) {
        String name = option.name();
        if (name.startsWith("plain-")) {
            return prefix + ".plain." + name.substring("plain-".length());
        }
        if (name.startsWith("curve-")) {
            return prefix + ".curve." + name.substring("curve-".length());
        }
        return prefix + "." + name;
    }

    /** The Java constant of an option name: {@code last-endpoint} is {@code LAST_ENDPOINT}. */
    private static String constant(String name) {
        return name.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    private static String names() {
        return String.join(", ", offered());
    }

    /** The names the map takes, sorted: also the key hints in the configuration metadata. */
    static java.util.List<String> offered() {
        return SocketOption.all().stream().filter(o -> !o.isSecret() && !o.isReadOnly() && !OWN_PROPERTIES.contains(o))
                .map(SocketOption::name).toList();
    }
}
