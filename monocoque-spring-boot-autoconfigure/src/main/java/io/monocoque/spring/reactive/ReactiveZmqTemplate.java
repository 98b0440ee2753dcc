package io.monocoque.spring.reactive;

import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.reactivestreams.Publisher;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * ZeroMQ sockets for Reactor: a socket's messages as a {@link Flux} whose demand drives reading
 * (so a slow subscriber pushes back on the sender through the high-water marks instead of
 * filling the heap), a {@link Publisher} of messages sent with backpressure, and request/reply as
 * a {@link Mono}. Sockets are the application's {@code ZmqSocket} beans, named as
 * {@code monocoque.sockets.<name>}; payloads convert as for {@link ZmqTemplate}.
 *
 * <pre>{@code
 * reactive.receive("orders", Order.class)
 *         .concatMap(order -> book.place(order.getPayload()))
 *         .subscribe();
 * reactive.send("prices", ticks.map(tick -> MessageBuilder.withPayload(tick).build())).subscribe();
 * Mono<Quote> quote = reactive.sendAndReceive("quote-service", new QuoteRequest("ACME"), Quote.class);
 * }</pre>
 *
 * A socket should have one reader: a reactive receive on a socket a {@code @ZmqListener} also
 * reads shares its messages with the listener.
 */
public class ReactiveZmqTemplate {

    private final BeanFactory beanFactory;

    private final ZmqMessageMapper mapper;

    private final ZmqTemplate template;

    private final Scheduler blockingScheduler;

    private final Map<String, DemandDrivenReceiver> receivers = new ConcurrentHashMap<>();

    /**
     * @param beanFactory       where the socket beans are
     * @param mapper            payload conversion
     * @param template          the blocking template request/reply goes through
     * @param blockingScheduler where sends that block at the high-water mark, and requests, wait
     */
    public ReactiveZmqTemplate(BeanFactory beanFactory, ZmqMessageMapper mapper, ZmqTemplate template, Scheduler blockingScheduler) {
        this.beanFactory = beanFactory;
        this.mapper = mapper;
        this.template = template;
        this.blockingScheduler = blockingScheduler;
    }

    /** As {@link #ReactiveZmqTemplate(BeanFactory, ZmqMessageMapper, ZmqTemplate, Scheduler)} on Reactor's bounded elastic scheduler. */
    public ReactiveZmqTemplate(BeanFactory beanFactory, ZmqMessageMapper mapper, ZmqTemplate template) {
        this(beanFactory, mapper, template, Schedulers.boundedElastic());
    }

    /**
     * The messages of socket {@code socket}, their payloads converted to {@code payloadType}, with
     * the headers a listener gets ({@code zmq_socket}, {@code zmq_topic}...). Read only as far as
     * requested; the flux completes when the socket closes.
     */
    public <T> Flux<Message<T>> receive(String socket, Class<T> payloadType) {
        Assert.notNull(payloadType, "payloadType is required");
        ZmqSocket s = socket(socket);
        return receiveRaw(socket).handle((received, sink) -> {
            ZmqEnvelope parts = ZmqEnvelope.split(received, s.type(), false);
            if (parts == null) {
                return; // not a message for this socket type to take (a ROUTER's bare envelope)
            }
            Message<byte[]> message = mapper.toMessage(received, parts, socket, s.type());
            T payload = mapper.fromMessage(message, payloadType);
            sink.next(MessageBuilder.createMessage(payload, message.getHeaders()));
        });
    }

    /** The messages of socket {@code socket} as they came, every frame; read only as far as requested. */
    public Flux<ZmqMessage> receiveRaw(String socket) {
        ZmqSocket s = socket(socket);
        return receivers.computeIfAbsent(socket, n -> new DemandDrivenReceiver(s)).flux();
    }

    /**
     * Sends every message of {@code messages} on socket {@code socket}, in order, asking for the
     * next one only when the last is queued: a socket at its high-water mark holds the publisher
     * back. The {@code Mono} completes when the publisher has and all are queued.
     */
    public Mono<Void> send(String socket, Publisher<? extends Message<?>> messages) {
        ZmqSocket s = socket(socket);
        return Flux.from(messages)
                .publishOn(blockingScheduler, 1)
                .doOnNext(message -> s.send(mapper.toZmqMessage(message, s.type())))
                .then();
    }

    /** Sends {@code payload} (converted as {@link ZmqTemplate#send(String, Object)} does) when subscribed. */
    public Mono<Void> send(String socket, Object payload) {
        return Mono.<Void>fromRunnable(() -> template.send(socket, payload)).subscribeOn(blockingScheduler);
    }

    /**
     * Sends {@code request} on the REQ or DEALER socket {@code socket} when subscribed and emits
     * the reply converted to {@code replyType}; fails with the template's reply timeout.
     */
    public <T> Mono<T> sendAndReceive(String socket, Object request, Class<T> replyType) {
        return Mono.fromCallable(() -> template.sendAndReceive(socket, request, replyType)).subscribeOn(blockingScheduler);
    }

    /** As {@link #sendAndReceive(String, Object, Class)}, waiting at most {@code timeout} for the reply. */
    public <T> Mono<T> sendAndReceive(String socket, Object request, Class<T> replyType, Duration timeout) {
        return Mono.fromCallable(() -> template.sendAndReceive(socket, request, replyType, timeout)).subscribeOn(blockingScheduler);
    }

    private ZmqSocket socket(String name) {
        Assert.hasText(name, "a socket name is required");
        try {
            return beanFactory.getBean(name, ZmqSocket.class);
        } catch (NoSuchBeanDefinitionException e) {
            throw new IllegalArgumentException("no ZmqSocket bean named '" + name + "': declare it under monocoque.sockets." + name, e);
        }
    }
}
