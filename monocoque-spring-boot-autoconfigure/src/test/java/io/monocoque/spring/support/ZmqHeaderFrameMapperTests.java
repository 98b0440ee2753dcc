package io.monocoque.spring.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.ZmqMessage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class ZmqHeaderFrameMapperTests {

    private final ZmqHeaderFrameMapper mapper = new ZmqHeaderFrameMapper();

    /** What a receiver gets: the received payload frame and its own zmq_* headers, then the carried ones. */
    private Message<?> roundTrip(ZmqHeaderFrameMapper m, Message<?> sent) {
        byte[] payload = sent.getPayload() instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) sent.getPayload();
        Message<byte[]> received = MessageBuilder.withPayload(payload).setHeader(ZmqHeaders.SOCKET, "in").build();
        return m.withCarriedHeaders(received, ZmqMessage.wrap(m.toFrame(sent), payload), 0);
    }

    @Test
    void headersComeBackWithTheirJavaTypesIdAndTimestamp() {
        UUID correlation = UUID.randomUUID();
        Message<String> sent = MessageBuilder.withPayload("hello")
                .setHeader("text", "quote\" backslash\\ newline\n é \u0001")
                .setHeader("int", 42).setHeader("long", 1L << 40).setHeader("short", (short) 7).setHeader("byte", (byte) -3)
                .setHeader("double", 2.5).setHeader("float", 1.25f).setHeader("flag", true).setHeader("nothing", null)
                .setHeader("char", 'x').setHeader("correlation", correlation)
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.TEXT_PLAIN)
                .setHeader("bytes", new byte[] {0, 1, (byte) 255})
                .setHeader("bigInteger", new BigInteger("123456789012345678901234567890"))
                .setHeader("bigDecimal", new BigDecimal("3.14159265358979323846"))
                .setHeader("list", List.of("a", 1, true))
                .setHeader("map", Map.of("k", "v"))
                .build();

        Message<?> got = roundTrip(mapper, sent);

        assertThat(got.getPayload()).isEqualTo("hello");
        MessageHeaders h = got.getHeaders();
        assertThat(h.getId()).isEqualTo(sent.getHeaders().getId());
        assertThat(h.getTimestamp()).isEqualTo(sent.getHeaders().getTimestamp());
        assertThat(h.get("text")).isEqualTo(sent.getHeaders().get("text"));
        assertThat(h.get("int")).isEqualTo(42);
        assertThat(h.get("long")).isEqualTo(1L << 40);
        assertThat(h.get("short")).isEqualTo((short) 7);
        assertThat(h.get("byte")).isEqualTo((byte) -3);
        assertThat(h.get("double")).isEqualTo(2.5);
        assertThat(h.get("float")).isEqualTo(1.25f);
        assertThat(h.get("flag")).isEqualTo(true);
        assertThat(h.get("char")).isEqualTo('x');
        assertThat(h.get("correlation")).isEqualTo(correlation);
        assertThat(h.get(MessageHeaders.CONTENT_TYPE)).isEqualTo(MimeTypeUtils.TEXT_PLAIN).isInstanceOf(MimeType.class);
        assertThat((byte[]) h.get("bytes")).containsExactly(0, 1, 255);
        assertThat(h.get("bigInteger")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(h.get("bigDecimal")).isEqualTo(new BigDecimal("3.14159265358979323846"));
        assertThat(h.get("list")).isEqualTo(List.of("a", 1, true));
        assertThat(h.get("map")).isEqualTo(Map.of("k", "v"));
        assertThat(h.get(ZmqHeaders.SOCKET)).isEqualTo("in");
    }

    @Test
    void aByteArrayPayloadStaysBytesAndATextPayloadBecomesAString() {
        Message<?> bytes = roundTrip(mapper, new GenericMessage<>(new byte[] {1, 2}));
        assertThat(bytes.getPayload()).isEqualTo(new byte[] {1, 2});
        Message<?> text = roundTrip(mapper, new GenericMessage<>("text"));
        assertThat(text.getPayload()).isEqualTo("text");
    }

    @Test
    void objectsWithNoJsonFormAndZmqHeadersStayBehind() {
        Message<String> sent = MessageBuilder.withPayload("p")
                .setHeader("someObject", new Object())
                .setHeader("notANumber", Double.NaN)
                .setHeader(ZmqHeaders.TOPIC, "t")
                .setHeader(ZmqHeaders.SOCKET, "sender-side")
                .setHeader("kept", "yes")
                .build();
        String json = new String(mapper.toFrame(sent), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"headers\":").contains("\"kept\":\"yes\"")
                .doesNotContain("someObject", "notANumber", ZmqHeaders.TOPIC, "sender-side");

        Message<?> got = roundTrip(mapper, sent);
        assertThat(got.getHeaders()).containsEntry("kept", "yes").containsEntry(ZmqHeaders.SOCKET, "in")
                .doesNotContainKeys("someObject", "notANumber", ZmqHeaders.TOPIC);
    }

    @Test
    void onlyHeadersMatchingThePatternsTravel() {
        ZmqHeaderFrameMapper some = new ZmqHeaderFrameMapper("app_*", "priority");
        Message<String> sent = MessageBuilder.withPayload("p").setHeader("app_user", "ann").setHeader("priority", 3)
                .setHeader("secret", "s3cr3t").build();
        Message<?> got = roundTrip(some, sent);
        assertThat(got.getHeaders()).containsEntry("app_user", "ann").containsEntry("priority", 3).doesNotContainKey("secret");
        assertThat(got.getHeaders().getId()).isNotEqualTo(sent.getHeaders().getId()); // 'id' was not among the patterns
    }

    @Test
    void aFrameThatIsNotAHeaderFrameLeavesTheMessageAsItIs() {
        Message<byte[]> received = MessageBuilder.withPayload("payload".getBytes(StandardCharsets.UTF_8)).build();
        for (String frame : List.of("", "plain text", "{not json", "{\"other\":1}", "{\"headers\":[1]}", "{\"headers\":{}} trailing",
                "[\"headers\"]")) {
            ZmqMessage frames = ZmqMessage.wrap(frame.getBytes(StandardCharsets.UTF_8), received.getPayload());
            assertThat(mapper.withCarriedHeaders(received, frames, 0)).as(frame).isSameAs(received);
        }
        // a single frame, or a topic frame before the payload, is never read as headers
        assertThat(mapper.withCarriedHeaders(received, ZmqMessage.wrap(received.getPayload()), 0)).isSameAs(received);
        ZmqMessage topicAndPayload = ZmqMessage.wrap("{\"headers\":{}}".getBytes(StandardCharsets.UTF_8), received.getPayload());
        assertThat(mapper.withCarriedHeaders(received, topicAndPayload, 1)).isSameAs(received);
    }

    @Test
    void aPeerInAnotherLanguageCanWriteHeaders() {
        // what Python's json.dumps writes: spaces, and numbers with no type hints
        byte[] frame = "{\"headers\": {\"origin\": \"pyzmq\", \"attempt\": 2, \"ratio\": 0.5, \"tags\": [\"a\", \"b\"]}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(mapper.readHeaders(frame)).containsEntry("origin", "pyzmq").containsEntry("attempt", 2)
                .containsEntry("ratio", 0.5).containsEntry("tags", List.of("a", "b"));
    }

    @Test
    void aDocumentNestedDeeperThanHeadersAreIsNotAHeaderFrame() {
        String deep = "[".repeat(40) + "]".repeat(40);
        byte[] frame = ("{\"headers\":{\"deep\":" + deep + "}}").getBytes(StandardCharsets.UTF_8);
        assertThat(mapper.readHeaders(frame)).isNull();
    }

    @Test
    void numbersComeBackAsTheSameTypesWhateverTheApplicationsMapperReadsFloatsAs() {
        JsonMapper bigDecimals = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).build();
        ZmqHeaderFrameMapper withBoots = new ZmqHeaderFrameMapper(bigDecimals, "*");
        Message<?> got = roundTrip(withBoots, MessageBuilder.withPayload("p").setHeader("ratio", 0.5).setHeader("count", 3)
                .setHeader("big", 1L << 40).build());
        assertThat(got.getHeaders()).containsEntry("ratio", 0.5).containsEntry("count", 3).containsEntry("big", 1L << 40);
    }

    @Test
    void aTypeIdTravelsInTheHeaderFrameAndComesBackAsTheTypeIdHeader() {
        Message<?> sent = MessageBuilder.withPayload("{}".getBytes(StandardCharsets.UTF_8)).setHeader(ZmqHeaders.TYPE_ID, "com.example.Order").build();
        assertThat(roundTrip(mapper, sent).getHeaders().get(ZmqHeaders.TYPE_ID)).isEqualTo("com.example.Order");
        byte[] frame = mapper.typeIdFrame("com.example.Order");
        assertThat(new String(frame, StandardCharsets.UTF_8)).isEqualTo("{\"headers\":{},\"typeId\":\"com.example.Order\"}");
        assertThat(mapper.typeIdOf(ZmqMessage.wrap(frame, "{}".getBytes(StandardCharsets.UTF_8)), 0)).isEqualTo("com.example.Order");
    }

    @Test
    void aTypeIdIsReadOnlyFromTheFrameBeforeThePayloadAndNeverFromATopicFrame() {
        byte[] frame = mapper.typeIdFrame("com.example.Order");
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(mapper.typeIdOf(ZmqMessage.wrap(payload), 0)).isNull();
        assertThat(mapper.typeIdOf(ZmqMessage.wrap(frame, payload), 1)).as("index 0 is a topic").isNull();
        assertThat(mapper.typeIdOf(ZmqMessage.wrap("topic".getBytes(StandardCharsets.UTF_8), frame, payload), 1)).isEqualTo("com.example.Order");
        assertThat(mapper.typeIdOf(ZmqMessage.wrap("{\"headers\":{}}".getBytes(StandardCharsets.UTF_8), payload), 0)).isNull();
        assertThat(mapper.typeIdOf(ZmqMessage.wrap(("{\"headers\":{},\"typeId\":\"" + "x".repeat(2000) + "\"}")
                .getBytes(StandardCharsets.UTF_8), payload), 0)).as("too long for a class name").isNull();
        assertThat(mapper.typeIdOf(ZmqMessage.wrap("{\"headers\":{},\"typeId\":42}".getBytes(StandardCharsets.UTF_8), payload), 0)).isNull();
    }
}
