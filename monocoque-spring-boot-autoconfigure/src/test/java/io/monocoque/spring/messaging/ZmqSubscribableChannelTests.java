package io.monocoque.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;

import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.messaging.Message;
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

    @Test
    void aMessageArrivesWithTheHeadersItWasSentWith() {
        ZmqSubscribableChannel channel = new ZmqSubscribableChannel(context, mapper, false);
        List<Message<?>> received = new CopyOnWriteArrayList<>();
        channel.subscribe(received::add);
        channel.start();
        try {
            Message<String> sent = MessageBuilder.withPayload("order-1").setHeader("priority", 5).setHeader("customer", "ann")
                    .setHeader("amount", 12_000_000_000L).build();
            channel.send(sent);
            await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
            Message<?> got = received.get(0);
            assertThat(got.getPayload()).isEqualTo("order-1");
            assertThat(got.getHeaders().getId()).isEqualTo(sent.getHeaders().getId());
            assertThat(got.getHeaders().getTimestamp()).isEqualTo(sent.getHeaders().getTimestamp());
            assertThat(got.getHeaders()).containsEntry("priority", 5).containsEntry("customer", "ann")
                    .containsEntry("amount", 12_000_000_000L).doesNotContainKey(ZmqHeaders.TOPIC);
        } finally {
            channel.stop();
        }
    }

    @Test
    void pubSubHeadersTravelAfterTheTopicFrameAndTopicFilteringStillWorks() {
        ZmqSubscribableChannel channel = new ZmqSubscribableChannel(context, mapper, true);
        channel.setSubscriptions("orders.");
        List<Message<?>> received = new CopyOnWriteArrayList<>();
        channel.subscribe(received::add);
        channel.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                channel.send(MessageBuilder.withPayload("p").setHeader(ZmqHeaders.TOPIC, "prices").build());
                channel.send(MessageBuilder.withPayload("o").setHeader(ZmqHeaders.TOPIC, "orders.new").setHeader("n", 1).build());
                return !received.isEmpty();
            });
            assertThat(received).allSatisfy(m -> {
                assertThat(m.getPayload()).isEqualTo("o");
                assertThat(m.getHeaders()).containsEntry(ZmqHeaders.TOPIC, "orders.new").containsEntry("n", 1);
                ZmqMessage raw = m.getHeaders().get(ZmqHeaders.RAW_MESSAGE, ZmqMessage.class);
                assertThat(raw.size()).isEqualTo(3); // topic, headers, payload
                assertThat(raw.firstString()).isEqualTo("orders.new");
                assertThat(raw.lastString()).isEqualTo("o");
            });
        } finally {
            channel.stop();
        }
    }

    @Test
    void withoutAHeaderMapperOnlyThePayloadTravels() {
        ZmqSubscribableChannel channel = new ZmqSubscribableChannel(context, mapper, false);
        channel.setHeaderMapper(null);
        List<Message<?>> received = new CopyOnWriteArrayList<>();
        channel.subscribe(received::add);
        channel.start();
        try {
            Message<String> sent = MessageBuilder.withPayload("bare").setHeader("priority", 5).build();
            channel.send(sent);
            await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
            Message<?> got = received.get(0);
            assertThat(got.getPayload()).isEqualTo("bare".getBytes(StandardCharsets.UTF_8));
            assertThat(got.getHeaders()).doesNotContainKey("priority");
            assertThat(got.getHeaders().get(ZmqHeaders.RAW_MESSAGE, ZmqMessage.class).size()).isEqualTo(1);
        } finally {
            channel.stop();
        }
    }

    @Test
    void aFailingSubscriberIsCountedAndTheOthersStillGetTheMessage() {
        ZmqMessageFailures failures = new ZmqMessageFailures();
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("failures", failures);
        ZmqSubscribableChannel channel = new ZmqSubscribableChannel(context, mapper, true);
        channel.setBeanName("events");
        channel.setBeanFactory(beans);
        List<Object> received = new CopyOnWriteArrayList<>();
        channel.subscribe(m -> {
            throw new IllegalStateException("subscriber down");
        });
        channel.subscribe(m -> received.add(m.getPayload()));
        channel.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                channel.send(MessageBuilder.withPayload("e").build());
                return !received.isEmpty();
            });
            assertThat(failures.count("events-in")).isPositive();
            assertThat(failures.count("events-out")).isZero();
        } finally {
            channel.stop();
        }
    }
}
