package io.monocoque.test;

import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.zmq.ZmqMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.MapAssert;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AssertJ assertions on a received {@link ZmqMessage}: its frames, its last frame (the payload)
 * as text or JSON, its topic, and the headers a Monocoque sender carried in a header frame.
 *
 * <pre>{@code
 * ZmqMessageAssert.assertThat(message).hasFrameCount(2).hasTopic("ACME").hasJsonPayloadContaining("{\"symbol\":\"ACME\"}");
 * }</pre>
 */
public class ZmqMessageAssert extends AbstractAssert<ZmqMessageAssert, ZmqMessage> {

    private final JsonMapper jsonMapper;

    ZmqMessageAssert(ZmqMessage actual, JsonMapper jsonMapper) {
        super(actual, ZmqMessageAssert.class);
        this.jsonMapper = jsonMapper;
    }

    /** Assertions on {@code message}, with Jackson's shared {@code JsonMapper} for JSON. */
    public static ZmqMessageAssert assertThat(ZmqMessage message) {
        return new ZmqMessageAssert(message, JsonMapper.shared());
    }

    /** The message has exactly {@code count} frames. */
    public ZmqMessageAssert hasFrameCount(int count) {
        isNotNull();
        if (actual.size() != count) {
            failWithMessage("Expected %d frame(s) but the message has %d: %s", count, actual.size(), texts());
        }
        return this;
    }

    /** The message's frames, as UTF-8, are exactly {@code frames}. */
    public ZmqMessageAssert hasFrames(String... frames) {
        isNotNull();
        Assertions.assertThat(texts()).as("frames of %s", actual).containsExactly(frames);
        return this;
    }

    /** The first frame (a PUB's topic) is {@code topic}. */
    public ZmqMessageAssert hasTopic(String topic) {
        isNotNull();
        if (actual.size() < 2 || !topic.equals(actual.firstString())) {
            failWithMessage("Expected topic <%s> as the first of two or more frames but the frames are %s", topic, texts());
        }
        return this;
    }

    /** The last frame is {@code text} (UTF-8). */
    public ZmqMessageAssert hasPayload(String text) {
        payloadText().isEqualTo(text);
        return this;
    }

    /** String assertions on the last frame as UTF-8. */
    public AbstractStringAssert<?> payloadText() {
        isNotNull();
        return Assertions.assertThat(actual.lastString()).as("payload of %s", actual);
    }

    /** The last frame is JSON equal to {@code json} (member order and spacing aside). */
    public ZmqMessageAssert hasJsonPayload(String json) {
        JsonNode expected = jsonMapper.readTree(json);
        JsonNode got = payloadJson();
        if (!expected.equals(got)) {
            failWithMessage("Expected JSON payload%n  %s%nbut was%n  %s", expected, got);
        }
        return this;
    }

    /**
     * The last frame is JSON holding every member of {@code json}, recursively (other members
     * may be there too): {@code {"symbol":"ACME"}} matches {@code {"symbol":"ACME","price":101.5}}.
     */
    public ZmqMessageAssert hasJsonPayloadContaining(String json) {
        JsonNode expected = jsonMapper.readTree(json);
        JsonNode got = payloadJson();
        if (!contains(got, expected)) {
            failWithMessage("Expected JSON payload containing%n  %s%nbut was%n  %s", expected, got);
        }
        return this;
    }

    /** The last frame read as JSON. */
    public JsonNode payloadJson() {
        isNotNull();
        try {
            return jsonMapper.readTree(actual.frame(actual.size() - 1));
        } catch (JacksonException e) {
            failWithMessage("Expected a JSON payload but the last frame is <%s> (%s)", actual.lastString(), e.getOriginalMessage());
            return null; // not reached
        }
    }

    /** The frame before the payload is a header frame carrying {@code name} = {@code value}. */
    public ZmqMessageAssert hasHeader(String name, Object value) {
        headers().containsEntry(name, value);
        return this;
    }

    /** Map assertions on the headers carried in the frame before the payload. */
    public MapAssert<String, Object> headers() {
        isNotNull();
        Map<String, Object> headers = actual.size() < 2 ? null
                : new ZmqHeaderFrameMapper(jsonMapper).readHeaders(actual.frame(actual.size() - 2));
        if (headers == null) {
            failWithMessage("Expected a header frame before the payload but the frames are %s", texts());
        }
        return Assertions.assertThat(headers).as("headers of %s", actual);
    }

    private static boolean contains(JsonNode got, JsonNode expected) {
        if (expected.isObject()) {
            if (!got.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> member : expected.properties()) {
                JsonNode value = got.get(member.getKey());
                if (value == null || !contains(value, member.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(got);
    }

    private List<String> texts() {
        List<String> texts = new ArrayList<>(actual.size());
        for (byte[] frame : actual.frames()) {
            texts.add(new String(frame, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
