package io.monocoque.spring.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.support.MessageBuilder;

class ZmqMessageMapperTests {

    private final ZmqMessageMapper mapper = new ZmqMessageMapper(new CompositeMessageConverter(List.of(
            new ByteArrayMessageConverter(), new StringMessageConverter(), new JacksonJsonMessageConverter())));

    record Point(int x, int y) {
    }

    @Test
    void inboundHeadersDescribeFramesSocketAndPeer() {
        ZmqMessage received = ZmqMessage.of("EUR", "{\"x\":1,\"y\":2}");
        Message<byte[]> message = mapper.toMessage(received, ZmqEnvelope.split(received, SocketType.SUB, false), "prices", SocketType.SUB);
        assertThat(message.getHeaders()).containsEntry(ZmqHeaders.TOPIC, "EUR").containsEntry(ZmqHeaders.SOCKET, "prices")
                .containsEntry(ZmqHeaders.SOCKET_TYPE, SocketType.SUB).containsEntry(ZmqHeaders.RAW_MESSAGE, received)
                .containsEntry(ZmqHeaders.PEER, PeerInfo.NONE).doesNotContainKey(ZmqHeaders.USER_ID);
        assertThat(mapper.fromMessage(message, Point.class)).isEqualTo(new Point(1, 2));
        assertThat(mapper.fromMessage(message, String.class)).isEqualTo("{\"x\":1,\"y\":2}");
        assertThat(mapper.fromMessage(message, ZmqMessage.class)).isSameAs(received);
    }

    @Test
    void outboundPayloadsBecomeOneFrameAndOnlyTopicAndRoutingIdHeadersBecomeFrames() {
        assertThat(mapper.toZmqMessage(new Point(3, 4))).isEqualTo(ZmqMessage.of("{\"x\":3,\"y\":4}"));
        Message<String> withHeaders = MessageBuilder.withPayload("p").setHeader(ZmqHeaders.TOPIC, "T")
                .setHeader(ZmqHeaders.ROUTING_ID, "peer").setHeader("other", "ignored").build();
        assertThat(mapper.toZmqMessage(withHeaders, SocketType.PUB)).isEqualTo(ZmqMessage.of("T", "p"));
        assertThat(mapper.toZmqMessage(withHeaders, SocketType.ROUTER)).isEqualTo(ZmqMessage.of("peer", "p"));
        assertThat(mapper.toZmqMessage(withHeaders, SocketType.PUSH)).isEqualTo(ZmqMessage.of("p"));
    }

    @Test
    void aRouterNeedsToKnowWhereToSend() {
        assertThatThrownBy(() -> mapper.toZmqMessage("p", SocketType.ROUTER)).isInstanceOf(MessageConversionException.class)
                .hasMessageContaining(ZmqHeaders.ROUTING_ID);
        assertThat(mapper.toZmqMessage(ZmqMessage.of("id", "p"), SocketType.ROUTER)).isEqualTo(ZmqMessage.of("id", "p"));
    }

    @Test
    void aServersRoutingIdIsAnUnsignedIntegerHeaderInboundAndAddressesTheReplyOutbound() {
        ZmqMessage received = ZmqMessage.of("hi").withRoutingId(0x8000_0001); // above Integer.MAX_VALUE: the bits, unsigned
        Message<byte[]> message = mapper.toMessage(received, ZmqEnvelope.split(received, SocketType.SERVER, false), "answers",
                SocketType.SERVER);
        assertThat(message.getHeaders().get(ZmqHeaders.ROUTING_ID)).isEqualTo(0x8000_0001);
        assertThat(message.getHeaders()).doesNotContainKey(ZmqHeaders.GROUP);

        Message<String> reply = MessageBuilder.withPayload("ho").setHeader(ZmqHeaders.ROUTING_ID, message.getHeaders().get(ZmqHeaders.ROUTING_ID))
                .build();
        assertThat(mapper.toZmqMessage(reply, SocketType.SERVER)).isEqualTo(ZmqMessage.of("ho").withRoutingId(0x8000_0001));
        Message<String> byLong = MessageBuilder.withPayload("ho").setHeader(ZmqHeaders.ROUTING_ID, 0x8000_0001L).build();
        assertThat(mapper.toZmqMessage(byLong, SocketType.SERVER).routingId()).isEqualTo(0x8000_0001);
        assertThat(mapper.toZmqMessage(ZmqMessage.of("raw").withRoutingId(5), SocketType.SERVER).routingId()).isEqualTo(5);
    }

    @Test
    void aServerNeedsAValidRoutingIdToSend() {
        assertThatThrownBy(() -> mapper.toZmqMessage("p", SocketType.SERVER)).isInstanceOf(MessageConversionException.class)
                .hasMessageContaining(ZmqHeaders.ROUTING_ID);
        for (Object bad : List.of(0, 0L, 1L << 32, "7", new byte[] {7})) {
            Message<String> m = MessageBuilder.withPayload("p").setHeader(ZmqHeaders.ROUTING_ID, bad).build();
            assertThatThrownBy(() -> mapper.toZmqMessage(m, SocketType.SERVER)).as("routing id %s", bad)
                    .isInstanceOf(MessageConversionException.class).hasMessageContaining(ZmqHeaders.ROUTING_ID);
        }
    }

    @Test
    void aRoutersRoutingIdStaysTheEnvelopesBytes() {
        ZmqMessage received = ZmqMessage.of("peer", "body");
        Message<byte[]> message = mapper.toMessage(received, ZmqEnvelope.split(received, SocketType.ROUTER, false), "r", SocketType.ROUTER);
        assertThat(message.getHeaders().get(ZmqHeaders.ROUTING_ID)).isEqualTo("peer".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aStreamMessageIsTheConnectionsRoutingIdThenItsBytesAndIsAnsweredTheSameWay() {
        byte[] id = {0, 0, 0, 0, 7};
        ZmqMessage received = ZmqMessage.of(id, "GET /".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Message<byte[]> message = mapper.toMessage(received, ZmqEnvelope.split(received, SocketType.STREAM, false), "http",
                SocketType.STREAM);
        assertThat(message.getPayload()).asString().isEqualTo("GET /");
        assertThat((byte[]) message.getHeaders().get(ZmqHeaders.ROUTING_ID)).isEqualTo(id);
        Message<String> answer = MessageBuilder.withPayload("200").setHeader(ZmqHeaders.ROUTING_ID, id).build();
        assertThat(mapper.toZmqMessage(answer, SocketType.STREAM)).isEqualTo(ZmqMessage.of(id, "200".getBytes()));
        assertThatThrownBy(() -> mapper.toZmqMessage("200", SocketType.STREAM)).isInstanceOf(MessageConversionException.class)
                .hasMessageContaining("stream socket");
    }

    @Test
    void aRadioSendsInTheGroupOfTheGroupHeaderAndNeedsOne() {
        Message<String> tick = MessageBuilder.withPayload("1.08").setHeader(ZmqHeaders.GROUP, "eur").build();
        assertThat(mapper.toZmqMessage(tick, SocketType.RADIO)).isEqualTo(ZmqMessage.of("1.08").withGroup("eur"));
        assertThat(mapper.toZmqMessage(ZmqMessage.of("raw").withGroup("g"), SocketType.RADIO).group()).isEqualTo("g");
        assertThatThrownBy(() -> mapper.toZmqMessage("1.08", SocketType.RADIO)).isInstanceOf(MessageConversionException.class)
                .hasMessageContaining(ZmqHeaders.GROUP);
        Message<String> tooLong = MessageBuilder.withPayload("x").setHeader(ZmqHeaders.GROUP, "g".repeat(256)).build();
        assertThatThrownBy(() -> mapper.toZmqMessage(tooLong, SocketType.RADIO)).isInstanceOf(MessageConversionException.class)
                .hasMessageContaining("255");
    }

    @Test
    void aReceivedGroupBecomesTheGroupHeader() {
        ZmqMessage received = ZmqMessage.of("tick").withGroup("eur");
        Message<byte[]> message = mapper.toMessage(received, ZmqEnvelope.split(received, SocketType.DISH, false), "g", SocketType.DISH);
        assertThat(message.getHeaders()).containsEntry(ZmqHeaders.GROUP, "eur").doesNotContainKey(ZmqHeaders.ROUTING_ID);
    }

    @Test
    void aPayloadNoConverterHandlesIsReported() {
        ZmqMessageMapper textOnly = new ZmqMessageMapper(new StringMessageConverter());
        assertThatThrownBy(() -> textOnly.toZmqMessage(new Point(1, 1))).isInstanceOf(MessageConversionException.class)
                .hasMessageContaining("Point");
    }
}
