package io.monocoque.spring.support;

import io.monocoque.zmq.ZmqMessage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.Assert;
import org.springframework.util.MimeType;
import org.springframework.util.PatternMatchUtils;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries a Spring message's headers across the wire in a frame of their own, a JSON document
 * just before the payload frame, so that the receiving side gets the message back with the
 * headers it was sent with ({@code id} and {@code timestamp} included), the way a Spring channel
 * keeps them.
 *
 * <p>The payload frame stays as it is, and it stays the last frame: a plain ZeroMQ peer that reads
 * the last frame (or a topic, then the last frame) still reads the payload, and a peer in any
 * language can read the headers with a JSON parser:
 *
 * <pre>{@code
 * {"headers":{"id":"8a1c…","timestamp":1732233600000,"priority":5},"types":{"id":"uuid","timestamp":"long"},"payload":"text"}
 * }</pre>
 *
 * {@code headers} holds each header as a JSON value; {@code types} names the Java type of the
 * values JSON alone would not bring back exactly ({@code long}, {@code short}, {@code byte},
 * {@code float}, {@code char}, {@code uuid}, {@code mimeType}, {@code bytes} as Base64,
 * {@code bigInteger}, {@code bigDecimal}); {@code payload} is {@code "text"} when the payload was
 * a {@code String}, which then arrives as a {@code String} rather than {@code byte[]}; {@code typeId},
 * when the sender gives one (a message with a {@link ZmqHeaders#TYPE_ID} header, or
 * {@link #typeIdFrame}), names the payload's type and arrives as the {@link ZmqHeaders#TYPE_ID}
 * header: {@code {"headers":{},"typeId":"com.example.Order"}}.
 *
 * <p>Headers travel when their name matches one of the {@linkplain #ZmqHeaderFrameMapper(String...)
 * patterns} (default {@code *}) and their value is text, a number, a boolean, one of the types
 * above, or a list or string-keyed map of plain JSON values. Other values (a reply channel
 * object, an arbitrary object) are left out: they mean nothing in another process. The
 * {@code zmq_*} headers never travel; the receiving side sets its own.
 *
 * <p>The frame is written and read with Jackson: the application's {@code JsonMapper} when the
 * mapper comes from the auto-configuration (inject the {@code ZmqHeaderFrameMapper} bean), else
 * Jackson's shared default one. Only the tree model is read, so no mapper setting can turn a
 * header frame into objects.
 *
 * <p>Nothing here deserializes Java objects: a header frame can only produce strings, numbers,
 * booleans, lists, maps and the value types above, whoever sent it.
 */
public class ZmqHeaderFrameMapper {

    private static final Log LOG = LogFactory.getLog(ZmqHeaderFrameMapper.class);

    private static final String HEADERS = "headers";
    private static final String TYPES = "types";
    private static final String PAYLOAD = "payload";
    private static final String TEXT = "text";
    private static final String TYPE_ID = "typeId";
    /** A type id is a class name: longer ones are not taken for one. */
    private static final int MAX_TYPE_ID_LENGTH = 1024;

    /** Deeper documents are not header frames: headers are flat values, lists and small maps. */
    private static final int MAX_DEPTH = 32;

    private final JsonMapper jsonMapper;

    private final ObjectReader treeReader;

    private final String[] patterns;

    /**
     * Carries every header (except {@code zmq_*} and values that cannot travel), with Jackson's
     * shared default {@code JsonMapper}.
     */
    public ZmqHeaderFrameMapper() {
        this("*");
    }

    /**
     * Carries the headers whose names match one of {@code headerNamePatterns} ({@code *} as a
     * wildcard: {@code "app_*"}, {@code "*Id"}); {@code id} and {@code timestamp} travel only
     * when a pattern matches them too.
     */
    public ZmqHeaderFrameMapper(String... headerNamePatterns) {
        this(JsonMapper.shared(), headerNamePatterns);
    }

    /** Carries every header, writing and reading the frame with {@code jsonMapper}. */
    public ZmqHeaderFrameMapper(JsonMapper jsonMapper) {
        this(jsonMapper, "*");
    }

    /**
     * Carries the headers whose names match one of {@code headerNamePatterns}, writing and reading
     * the frame with {@code jsonMapper} (the application's, as Spring Boot configures it: the
     * auto-configured {@code ZmqHeaderFrameMapper} bean is built this way).
     */
    public ZmqHeaderFrameMapper(JsonMapper jsonMapper, String... headerNamePatterns) {
        Assert.notNull(jsonMapper, "jsonMapper must not be null");
        Assert.notEmpty(headerNamePatterns, "at least one header name pattern is required (\"*\" for every header)");
        this.jsonMapper = jsonMapper;
        // a header frame is one JSON document and nothing after it
        this.treeReader = jsonMapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.patterns = headerNamePatterns.clone();
    }

    // ---- outbound ---------------------------------------------------------------------------

    /** The header frame for {@code message}: its headers (and whether its payload is text) as JSON. */
    public byte[] toFrame(Message<?> message) {
        return toFrame(message, Map.of());
    }

    /**
     * The header frame for {@code message}, with the text entries {@code extra} carried as well,
     * whatever the header name patterns (the trace context, when propagation is on); an entry of
     * {@code extra} wins over a message header of the same name.
     */
    public byte[] toFrame(Message<?> message, Map<String, String> extra) {
        Map<String, Object> headers = new LinkedHashMap<>();
        Map<String, Object> types = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : message.getHeaders().entrySet()) {
            String name = e.getKey();
            if (name.startsWith(ZmqHeaders.PREFIX) || !PatternMatchUtils.simpleMatch(patterns, name)) {
                continue;
            }
            Object value = e.getValue();
            Object json = toJson(value, types, name);
            if (json == NOT_CARRIED) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("Header '" + name + "' is not carried: a " + value.getClass().getName() + " has no JSON form here");
                }
                continue;
            }
            headers.put(name, json);
        }
        extra.forEach((name, value) -> {
            if (!name.startsWith(ZmqHeaders.PREFIX)) {
                headers.put(name, value);
                types.remove(name);
            }
        });
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(HEADERS, headers);
        if (!types.isEmpty()) {
            document.put(TYPES, types);
        }
        if (message.getPayload() instanceof CharSequence) {
            document.put(PAYLOAD, TEXT);
        }
        if (message.getHeaders().get(ZmqHeaders.TYPE_ID) instanceof String typeId) {
            document.put(TYPE_ID, typeId);
        }
        return jsonMapper.writeValueAsBytes(document);
    }

    /**
     * A header frame that carries nothing but the payload's type id:
     * {@code {"headers":{},"typeId":"..."}}.
     */
    public byte[] typeIdFrame(String typeId) {
        Assert.hasText(typeId, "typeId must not be empty");
        return toFrame(Map.of(), typeId);
    }

    /**
     * A header frame holding only the text entries {@code headers} (the trace context a message
     * that carries no other headers travels with).
     */
    public byte[] toFrame(Map<String, String> headers) {
        return toFrame(headers, null);
    }

    /**
     * A header frame holding the text entries {@code headers} (the trace context) and, when not
     * {@code null}, the payload's {@code typeId}: {@code {"headers":{"traceparent":"..."},"typeId":"..."}}.
     */
    public byte[] toFrame(Map<String, String> headers, String typeId) {
        Map<String, Object> carried = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.startsWith(ZmqHeaders.PREFIX)) {
                carried.put(name, value);
            }
        });
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(HEADERS, carried);
        if (typeId != null) {
            document.put(TYPE_ID, typeId);
        }
        return jsonMapper.writeValueAsBytes(document);
    }

    /**
     * The type id that the header frame of {@code frames} carries, or {@code null}: the frame
     * before the last one (at or after index {@code first}, so that a topic frame is never taken
     * for it) when it is a header frame with a {@code typeId}.
     *
     * @param frames the message's frames after any envelope
     * @param first  the index of the first frame that is not a topic (1 on sub sockets, else 0)
     */
    public String typeIdOf(ZmqMessage frames, int first) {
        int index = frames.size() - 2;
        if (index < first) {
            return null;
        }
        Carried carried = read(frames.frame(index));
        return carried == null ? null : carried.typeId();
    }

    private static final Object NOT_CARRIED = new Object();

    private static Object toJson(Object value, Map<String, Object> types, String name) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            return NOT_CARRIED; // JSON has no NaN or infinity
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Double) {
            return value;
        }
        String type = typeOf(value);
        if (type != null) {
            types.put(name, type);
            return switch (type) {
                case "long", "short", "byte", "float" -> value;
                case "bytes" -> Base64.getEncoder().encodeToString((byte[]) value);
                default -> value.toString();
            };
        }
        return plain(value) ? value : NOT_CARRIED;
    }

    private static String typeOf(Object value) {
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof Short) {
            return "short";
        }
        if (value instanceof Byte) {
            return "byte";
        }
        if (value instanceof Float) {
            return "float";
        }
        if (value instanceof Character) {
            return "char";
        }
        if (value instanceof UUID) {
            return "uuid";
        }
        if (value instanceof MimeType) {
            return "mimeType";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof BigInteger) {
            return "bigInteger";
        }
        if (value instanceof BigDecimal) {
            return "bigDecimal";
        }
        return null;
    }

    /** Whether {@code value} is JSON as it is: text, a number, a boolean, null, or lists and maps of those. */
    private static boolean plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
            return true;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d);
        }
        if (value instanceof Collection<?> list) {
            return list.stream().allMatch(ZmqHeaderFrameMapper::plain);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().allMatch(e -> e.getKey() instanceof String && plain(e.getValue()));
        }
        return false;
    }

    // ---- inbound ----------------------------------------------------------------------------

    /**
     * {@code received} with the headers carried in {@code frames}, if its frame before the last
     * one (and at or after index {@code first}, so that a topic frame is never taken for it) is a
     * header frame; else {@code received} as it is. The receiving side's own headers
     * ({@code zmq_*}) are kept; a text payload becomes a {@code String}.
     *
     * @param received a message whose payload is the last of {@code frames}
     * @param frames   the message's frames after any envelope
     * @param first    the index of the first frame that is not a topic (1 on sub sockets, else 0)
     */
    public Message<?> withCarriedHeaders(Message<?> received, ZmqMessage frames, int first) {
        int index = frames.size() - 2;
        if (index < first) {
            return received;
        }
        Carried carried = read(frames.frame(index));
        if (carried == null) {
            return received;
        }
        Map<String, Object> headers = new LinkedHashMap<>(carried.headers());
        if (carried.typeId() != null) {
            headers.put(ZmqHeaders.TYPE_ID, carried.typeId());
        }
        received.getHeaders().forEach((name, value) -> {
            if (name.startsWith(ZmqHeaders.PREFIX) || !headers.containsKey(name) && !isIdOrTimestamp(name)) {
                headers.put(name, value);
            }
        });
        UUID id = headers.remove(MessageHeaders.ID) instanceof UUID u ? u : null;
        Long timestamp = headers.remove(MessageHeaders.TIMESTAMP) instanceof Long t ? t : null;
        Object payload = received.getPayload();
        if (carried.text() && payload instanceof byte[] bytes) {
            payload = new String(bytes, StandardCharsets.UTF_8);
        }
        return new GenericMessage<>(payload, new CarriedHeaders(headers, id, timestamp));
    }

    private static boolean isIdOrTimestamp(String name) {
        return MessageHeaders.ID.equals(name) || MessageHeaders.TIMESTAMP.equals(name);
    }

    /**
     * The headers in {@code frame}, or {@code null} when it is not a header frame (not JSON, or
     * JSON without a {@code headers} object).
     */
    public Map<String, Object> readHeaders(byte[] frame) {
        Carried carried = read(frame);
        return carried == null ? null : carried.headers();
    }

    private Carried read(byte[] frame) {
        if (frame.length < 2 || frame[0] != '{') {
            return null;
        }
        Object document;
        try {
            document = plainValue(treeReader.readTree(frame), 0);
        } catch (JacksonException | NotHeaders e) {
            return null; // a frame that only looked like JSON: not headers
        }
        if (!(document instanceof Map<?, ?> map) || !(map.get(HEADERS) instanceof Map<?, ?> raw)) {
            return null;
        }
        Map<?, ?> types = map.get(TYPES) instanceof Map<?, ?> t ? t : Map.of();
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String name = (String) e.getKey();
            if (name.startsWith(ZmqHeaders.PREFIX) || !PatternMatchUtils.simpleMatch(patterns, name)) {
                continue;
            }
            try {
                headers.put(name, typed(e.getValue(), types.get(name)));
            } catch (RuntimeException ex) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("Header '" + name + "' dropped: its value does not fit its type " + types.get(name), ex);
                }
            }
        }
        Object typeId = map.get(TYPE_ID);
        boolean isTypeId = typeId instanceof String t && !t.isEmpty() && t.length() <= MAX_TYPE_ID_LENGTH;
        return new Carried(headers, TEXT.equals(map.get(PAYLOAD)), isTypeId ? (String) typeId : null);
    }

    private static Object typed(Object value, Object type) {
        if (value == null) {
            return null;
        }
        if (type == null) {
            return value;
        }
        return switch (String.valueOf(type)) {
            case "long" -> ((Number) value).longValue();
            case "short" -> ((Number) value).shortValue();
            case "byte" -> ((Number) value).byteValue();
            case "float" -> ((Number) value).floatValue();
            case "char" -> single((String) value);
            case "uuid" -> UUID.fromString((String) value);
            case "mimeType" -> MimeType.valueOf((String) value);
            case "bytes" -> Base64.getDecoder().decode((String) value);
            case "bigInteger" -> new BigInteger((String) value);
            case "bigDecimal" -> new BigDecimal((String) value);
            default -> value; // a type a newer sender knows: the plain JSON value
        };
    }

    private static Character single(String text) {
        Assert.isTrue(text.length() == 1, "a char header must be one character");
        return text.charAt(0);
    }

    /**
     * {@code node} as plain Java values: objects as maps, arrays as lists, integral numbers as
     * Integer when they fit (as a header set in Java usually is), else Long or BigInteger, other
     * numbers as Double, whatever number types the application's mapper is configured for.
     */
    private static Object plainValue(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new NotHeaders();
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), plainValue(e.getValue(), depth + 1));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                list.add(plainValue(element, depth + 1));
            }
            return list;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToInt()) {
                return node.intValue();
            }
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isNull()) {
            return null;
        }
        throw new NotHeaders(); // binary or embedded objects: nothing a JSON text holds
    }

    @Override
    public String toString() {
        return "ZmqHeaderFrameMapper" + List.of(patterns);
    }

    private record Carried(Map<String, Object> headers, boolean text, String typeId) {
    }

    /** A document that is JSON but not one a header frame holds. */
    private static final class NotHeaders extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotHeaders() {
            super(null, null, false, false);
        }
    }

    /** Headers that keep the {@code id} and {@code timestamp} the sender's message had. */
    private static final class CarriedHeaders extends MessageHeaders {

        private static final long serialVersionUID = 1L;

        CarriedHeaders(Map<String, Object> headers, UUID id, Long timestamp) {
            super(headers, id, timestamp);
        }
    }
}
