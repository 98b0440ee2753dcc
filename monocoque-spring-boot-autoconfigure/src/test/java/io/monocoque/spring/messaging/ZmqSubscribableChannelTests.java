package io.monocoque.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.support.MessageBuilder;

class ZmqSubscribableChannelTests {

    private final ZmqContext context = ZmqContext.create();
    private final ZmqMessageMapper mapper = new ZmqMessageMapper(
            new CompositeMessageConverter(List.of(new ByteArrayMessageConverter(), new StringMessageConverter())));

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void pubSubChannelDeliversToEverySubscriberWithTopicFiltering() {
        ZmqSubscribableChannel channel = new ZmqSubscribableChannel(context, mapper, true);
        channel.setBeanName("events");
        channel.setPayloadType(String.class);
        List<String> all = new CopyOnWriteArrayList<>();
        List<String> orders = new CopyOnWriteArrayList<>();
        channel.subscribe(m -> all.add(m.getHeaders().get(ZmqHeaders.TOPIC) + ":" + m.getPayload()));
        channel.subscribe("orders.", m -> orders.add((String) m.getPayload()));
        channel.start();
        try {
            // the subscription reaches the PUB side asynchronously: send until the first arrives
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                channel.send(MessageBuilder.withPayload("warm-up").setHeader(ZmqHeaders.TOPIC, "warm").build());
                return !all.isEmpty();
            });
            all.clear();
            channel.send(MessageBuilder.withPayload("o1").setHeader(ZmqHeaders.TOPIC, "orders.new").build());
            channel.send(MessageBuilder.withPayload("p1").setHeader(ZmqHeaders.TOPIC, "prices").build());
            await().atMost(Duration.ofSeconds(5)).until(() -> all.contains("prices:p1") && all.contains("orders.new:o1"));
            assertThat(orders).containsExactly("o1");
        } finally {
            channel.stop();
        }
    }

    @Test
    void pushPullChannelRoundRobinsAndRestarts() {
        ZmqSubscribableChannel channel = new ZmqSubscribableChannel(context, mapper, false);
        channel.setPayloadType(String.class);
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        channel.subscribe(m -> a.add((String) m.getPayload()));
        channel.subscribe(m -> b.add((String) m.getPayload()));
        for (int round = 0; round < 2; round++) {
            channel.start();
            for (int i = 0; i < 4; i++) {
                channel.send(MessageBuilder.withPayload("m" + i).build());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> a.size() + b.size() == 4);
            assertThat(a).hasSize(2);
            channel.stop();
            assertThat(channel.isRunning()).isFalse();
            a.clear();
            b.clear();
        }
    }
}
