package io.monocoque.spring.core;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.spring.support.micrometer.DefaultZmqTemplateObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqSenderContext;
import io.monocoque.spring.support.micrometer.ZmqSenderObservations;
import io.monocoque.spring.support.micrometer.ZmqTemplateObservation;
import io.monocoque.spring.support.micrometer.ZmqTemplateObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.messaging.Message;
import org.springframework.messaging.core.AbstractMessagingTemplate;
import org.springframework.util.Assert;

/**
 * Sends to, and requests over, ZeroMQ sockets named by their bean name (the keys under
 * {@code monocoque.sockets}), converting payloads with the same converters as
 * {@code @ZmqListener} methods.
 *
 * <pre>{@code
 * template.send("orders", new Order(...));                 // one JSON frame
 * template.send("prices", "EUR", price);                   // topic frame, then the payload
 * template.send("ticks", "EURUSD", tick);                  // RADIO: in group "EURUSD"
 * template.send("answers", routingId, reply);              // SERVER: to the client with that routing id
 * Quote q = template.sendAndReceive("quotes", request, Quote.class, Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>Request/reply runs over a REQ or CLIENT socket (one request at a time) or a DEALER
 * socket (any number at once, blocking or {@linkplain #sendAndReceiveAsync asynchronous}: each
 * request carries a 4-byte request id before the empty delimiter, libzmq's
 * {@code ZMQ_REQ_CORRELATE} envelope, which rep and router peers echo back; a reply that comes
 * after its request timed out is dropped). A REQ socket with {@code req-relaxed} and
 * {@code req-correlate} goes on after a timed-out request by itself, dropping the late reply;
 * any other REQ socket from {@code monocoque.sockets} whose request timed out is replaced by a
 * fresh one made from the same definition, so a lost request never blocks the ones after it; so
 * is a CLIENT socket's, so that a late reply is never taken for the next request's. Every timeout is a {@link ZmqReplyTimeoutException}. The template is also a
 * Spring {@code MessageSendingOperations}/{@code MessageRequestReplyOperations} with socket names
 * as destinations.
 *
 * <p>With an {@linkplain #setObservationRegistry observation registry}, every send and request is
 * a {@code zmq.template} observation ({@link ZmqTemplateObservation}); with
 * {@linkplain #setTracePropagation trace propagation} the trace context travels to the peer in a
 * header frame before the payload.
 */
public class ZmqTemplate extends AbstractMessagingTemplate<String> implements DisposableBean {

    private final BeanFactory beanFactory;
    private final ZmqMessageMapper mapper;
    private final Map<String, ZmqSocket> sockets = new ConcurrentHashMap<>();
    private final Map<ZmqSocket, RequestChannel> requestChannels = new ConcurrentHashMap<>();
    private volatile Duration replyTimeout = Duration.ofSeconds(5);
    private volatile Executor asyncExecutor = ForkJoinPool.commonPool();
    private volatile ZmqHeaderFrameMapper typeIdFrames;
    private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private volatile ZmqTemplateObservationConvention observationConvention;
    private volatile ZmqTracePropagation tracePropagation;

    /**
     * @param beanFactory where the {@code ZmqSocket} beans are looked up by name
     * @param mapper      frames to messages and back, with the converters to use
     */
    public ZmqTemplate(BeanFactory beanFactory, ZmqMessageMapper mapper) {
        Assert.notNull(beanFactory, "beanFactory is required");
        Assert.notNull(mapper, "mapper is required");
        this.beanFactory = beanFactory;
        this.mapper = mapper;
        setMessageConverter(mapper.getMessageConverter());
    }

    /**
     * How long request/reply calls without a timeout of their own wait for the reply, and
     * {@code receive(socket)} for a message (default 5 s).
     */
    public void setReplyTimeout(Duration replyTimeout) {
        Assert.isTrue(replyTimeout != null && !replyTimeout.isNegative(), "replyTimeout must be zero or positive");
        this.replyTimeout = replyTimeout;
    }

    public Duration getReplyTimeout() {
        return replyTimeout;
    }

    /**
     * Whether a payload the converters turn into a frame (an object sent as JSON, say; not
     * {@code byte[]}, {@code String} or {@code ZmqMessage}) is preceded by a header frame that
     * names its class, the {@link ZmqHeaders#TYPE_ID} ({@code {"headers":{},"typeId":"com.example.Order"}}):
     * a class-level {@code @ZmqListener} chooses its {@code @ZmqHandler} method by it. Off by
     * default, as the extra frame is something a plain ZeroMQ peer does not expect (it still
     * finds the payload in the last frame).
     *
     * @param headerFrames writes the header frame ({@code null} turns the type id off)
     */
    public void setTypeIdHeader(ZmqHeaderFrameMapper headerFrames) {
        this.typeIdFrames = headerFrames;
    }

    /** Observes every send and request as {@code zmq.template} (default: none, {@code ObservationRegistry.NOOP}). */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        Assert.notNull(observationRegistry, "observationRegistry is required");
        this.observationRegistry = observationRegistry;
    }

    /** Names and tags the observations ({@code null}: {@link DefaultZmqTemplateObservationConvention}). */
    public void setObservationConvention(ZmqTemplateObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    /**
     * Carries the trace context of each observed send and request to the peer in a header frame
     * ({@code null}, the default: nothing but the payload goes on the wire).
     */
    public void setTracePropagation(ZmqTracePropagation tracePropagation) {
        this.tracePropagation = tracePropagation;
    }

    /**
     * {@code frames} for {@code payload} behind one header frame, just before the payload (the last
     * frame), holding the type id when that is on and the payload was converted, and
     * {@code traceContext} when it is not empty; {@code frames} as they are when neither applies
     * or the payload is frames of its own ({@code ZmqMessage}).
     */
    private ZmqMessage withHeaderFrame(ZmqSocket s, Object payload, ZmqMessage frames, Map<String, String> traceContext) {
        Object body = payload instanceof Message<?> m ? m.getPayload() : payload;
        if (body instanceof ZmqMessage || s.type().isSingleFrame()) {
            // its own frames; or a single-frame type, where neither the type id nor the trace context can travel
            return frames;
        }
        ZmqHeaderFrameMapper typeIds = typeIdFrames;
        String typeId = typeIds == null || body instanceof byte[] || body instanceof CharSequence ? null : body.getClass().getName();
        if (typeId == null && traceContext.isEmpty()) {
            return frames;
        }
        ZmqHeaderFrameMapper writer = typeIds != null ? typeIds : tracePropagation.getHeaderFrameMapper();
        List<byte[]> list = new ArrayList<>(frames.frames());
        list.add(list.size() - 1, writer.toFrame(traceContext, typeId));
        return ZmqMessage.wrap(list.toArray(byte[][]::new));
    }

    // ---- sending -----------------------------------------------------------------------------

    /**
     * Sends {@code payload} on socket {@code socket}: a {@code ZmqMessage} as it is, a
     * {@code Message} with its headers mapped to frames, anything else converted to one frame.
     * Blocks while the socket cannot take it (bounded by the socket's send timeout).
     */
    public void send(String socket, Object payload) {
        ZmqSocket s = socket(socket);
        observedSend(socket, s, mapper.toZmqMessage(payload, s.type()), payload);
    }

    /**
     * Sends {@code payload} on {@code socket} behind a topic frame: the pub/sub framing; on a
     * RADIO socket, in group {@code topic} (RFC 48: the group travels with the message, and only
     * the DISHes that joined exactly that group get it).
     *
     * @throws IllegalArgumentException on another single-frame (draft) socket, which has no topic
     *                                  frame, or for a group longer than 255 bytes of UTF-8
     */
    public void send(String socket, String topic, Object payload) {
        Assert.notNull(topic, "topic is required");
        ZmqSocket s = socket(socket);
        if (s.type() == SocketType.RADIO) {
            observedSend(socket, s, mapper.toZmqMessage(payload).withGroup(topic), payload);
            return;
        }
        if (s.type().isSingleFrame()) {
            throw new IllegalArgumentException("'" + socket + "' is a " + s.type() + " socket, which sends single-frame messages: "
                    + "there is no topic frame (send(socket, payload) sends the payload alone)");
        }
        observedSend(socket, s, mapper.toZmqMessage(payload).prepend(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8)), payload);
    }

    /**
     * Sends {@code payload} on SERVER or PEER socket {@code socket} to the connection with
     * {@code routingId} (the {@link ZmqHeaders#ROUTING_ID} of a message that came from it, or what
     * {@code ZmqSocket.connectPeer} returned).
     *
     * @throws IllegalArgumentException when {@code socket} is not a SERVER or PEER socket
     * @throws ZmqException             ({@code EHOSTUNREACH}) when no connected client has that routing id
     */
    public void send(String socket, int routingId, Object payload) {
        ZmqSocket s = socket(socket);
        if (s.type() != SocketType.SERVER && s.type() != SocketType.PEER) {
            throw new IllegalArgumentException("sending to a routing id needs a SERVER or PEER socket; '" + socket + "' is a " + s.type()
                    + " socket" + (s.type() == SocketType.ROUTER ? " (a router's routing id is a frame: send a Message with the "
                            + ZmqHeaders.ROUTING_ID + " header)" : ""));
        }
        Assert.isTrue(routingId != 0, "a routing id is never 0");
        observedSend(socket, s, mapper.toZmqMessage(payload).withRoutingId(routingId), payload);
    }

    @Override
    protected void doSend(String destination, Message<?> message) {
        ZmqSocket s = socket(destination);
        observedSend(destination, s, mapper.toZmqMessage(message, s.type()), message);
    }

    private void observedSend(String name, ZmqSocket s, ZmqMessage frames, Object payload) {
        if (observationRegistry.isNoop()) {
            s.send(withHeaderFrame(s, payload, frames, Map.of()));
            return;
        }
        observe(name, s, ZmqSenderContext.Operation.SEND, context -> {
            s.send(withHeaderFrame(s, payload, frames, traceContext(context)));
            return null;
        });
    }

    private ZmqMessage observedExchange(String name, ZmqSocket s, Object request, Duration timeout) {
        ZmqMessage frames = mapper.toZmqMessage(request);
        if (observationRegistry.isNoop()) {
            return exchange(name, s, withHeaderFrame(s, request, frames, Map.of()), timeout);
        }
        return observe(name, s, ZmqSenderContext.Operation.REQUEST,
                context -> exchange(name, s, withHeaderFrame(s, request, frames, traceContext(context)), timeout));
    }

    private <T> T observe(String name, ZmqSocket s, ZmqSenderContext.Operation operation, Function<ZmqSenderContext, T> work) {
        return ZmqSenderObservations.observe(ZmqTemplateObservation.TEMPLATE_OBSERVATION, observationConvention,
                DefaultZmqTemplateObservationConvention.INSTANCE, new ZmqSenderContext(name, s.type(), operation, null), observationRegistry,
                work, ZmqTemplate::isTimeout);
    }

    /** The exchange on {@code channel} inside a {@code zmq.template} observation that stops when the reply (or the failure) comes. */
    private CompletableFuture<ZmqMessage> observedExchangeAsync(String name, ZmqSocket s, DealerChannel channel, ZmqMessage frames,
            Object request, Duration timeout) {
        if (observationRegistry.isNoop()) {
            return channel.exchangeAsync(withHeaderFrame(s, request, frames, Map.of()), timeout);
        }
        ZmqSenderContext context = new ZmqSenderContext(name, s.type(), ZmqSenderContext.Operation.REQUEST, null);
        Observation observation = ZmqSenderObservations.start(ZmqTemplateObservation.TEMPLATE_OBSERVATION, observationConvention,
                DefaultZmqTemplateObservationConvention.INSTANCE, context, observationRegistry);
        CompletableFuture<ZmqMessage> exchange;
        try (Observation.Scope scope = observation.openScope()) {
            exchange = channel.exchangeAsync(withHeaderFrame(s, request, frames, traceContext(context)), timeout);
        } catch (RuntimeException | Error e) {
            ZmqSenderObservations.stop(observation, context, e, ZmqTemplate::isTimeout);
            throw e;
        }
        return exchange.whenComplete((reply, failure) -> ZmqSenderObservations.stop(observation, context, failure, ZmqTemplate::isTimeout));
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof ZmqReplyTimeoutException || e instanceof ZmqException z && z.error() == ZmqError.EAGAIN;
    }

    /** The trace context to carry for {@code context}: what the tracing handler wrote, when propagation is on. */
    private Map<String, String> traceContext(ZmqSenderContext context) {
        return tracePropagation == null ? Map.of() : context.getPropagatedHeaders();
    }

    // ---- receiving ---------------------------------------------------------------------------

    @Override
    protected Message<?> doReceive(String destination) {
        ZmqSocket s = socket(destination);
        ZmqMessage m = s.receive(replyTimeout);
        if (m == null) {
            return null;
        }
        ZmqEnvelope parts = ZmqEnvelope.split(m, s.type(), false);
        return parts == null ? null : mapper.toMessage(m, parts, destination, s.type());
    }

    // ---- request/reply -------------------------------------------------------------------------

    /** Sends {@code request} on a REQ, DEALER or CLIENT socket and converts the reply, waiting the default reply timeout. */
    public <T> T sendAndReceive(String socket, Object request, Class<T> replyType) {
        return sendAndReceive(socket, request, replyType, replyTimeout);
    }

    /**
     * Sends {@code request} on a REQ, DEALER or CLIENT socket and returns the reply converted to
     * {@code replyType} ({@code ZmqMessage} for the reply's frames, {@code Message} for the
     * message with its headers). A CLIENT socket, whose messages carry no envelope to match a
     * reply by, takes one request at a time, as REQ does.
     *
     * @throws ZmqReplyTimeoutException when no reply comes within {@code timeout}
     */
    public <T> T sendAndReceive(String socket, Object request, Class<T> replyType, Duration timeout) {
        Assert.notNull(replyType, "replyType is required");
        ZmqSocket s = socket(socket);
        ZmqMessage reply = observedExchange(socket, s, request, timeout);
        return mapper.fromMessage(replyMessage(socket, s, reply), replyType);
    }

    /** {@link #sendAndReceiveAsync(String, Object, Class, Duration)} with the default reply timeout. */
    public <T> CompletableFuture<T> sendAndReceiveAsync(String socket, Object request, Class<T> replyType) {
        return sendAndReceiveAsync(socket, request, replyType, replyTimeout);
    }

    /**
     * Sends {@code request} on a DEALER socket and returns at once a future of the reply converted
     * to {@code replyType}: any number of requests can be in flight on one socket, each matched to
     * its reply by a request id. The future fails with a {@link ZmqReplyTimeoutException} when no
     * reply comes within {@code timeout}; it completes on the {@linkplain #setAsyncExecutor async
     * executor}, never on one of the engine's threads. Sending blocks while the socket is at its
     * send high-water mark (for {@code timeout} at most), the backpressure ZeroMQ gives.
     *
     * @throws IllegalArgumentException when {@code socket} is not a DEALER socket (a REQ socket
     *                                  carries one request at a time: use {@link #sendAndReceive})
     */
    public <T> CompletableFuture<T> sendAndReceiveAsync(String socket, Object request, Class<T> replyType, Duration timeout) {
        Assert.notNull(replyType, "replyType is required");
        Assert.isTrue(timeout != null && !timeout.isNegative(), "timeout must be zero or positive");
        ZmqSocket s = socket(socket);
        if (s.type() != SocketType.DEALER) {
            throw new IllegalArgumentException("asynchronous request/reply needs a DEALER socket; '" + socket + "' is a " + s.type()
                    + " socket" + (s.type() == SocketType.REQ || s.type() == SocketType.CLIENT ? " (a " + s.type()
                            + " socket carries one request at a time: use sendAndReceive)" : ""));
        }
        ZmqMessage frames = mapper.toZmqMessage(request);
        DealerChannel channel = (DealerChannel) requestChannels.computeIfAbsent(s, k -> new DealerChannel(socket, k));
        CompletableFuture<T> result = new CompletableFuture<>();
        Executor executor = asyncExecutor;
        observedExchangeAsync(socket, s, channel, frames, request, timeout).whenComplete((reply, failure) -> {
            try {
                executor.execute(() -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                        return;
                    }
                    try {
                        result.complete(mapper.fromMessage(replyMessage(socket, s, reply), replyType));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException rejected) {
                result.completeExceptionally(failure != null ? failure : rejected);
            }
        });
        return result;
    }

    /**
     * Where the futures of {@link #sendAndReceiveAsync} complete, and so where their
     * non-async continuations run (default: the common fork/join pool; the auto-configuration
     * sets the application's task executor).
     */
    public void setAsyncExecutor(Executor asyncExecutor) {
        Assert.notNull(asyncExecutor, "asyncExecutor is required");
        this.asyncExecutor = asyncExecutor;
    }

    @Override
    protected Message<?> doSendAndReceive(String destination, Message<?> requestMessage) {
        ZmqSocket s = socket(destination);
        try {
            return replyMessage(destination, s, observedExchange(destination, s, requestMessage, replyTimeout));
        } catch (ZmqReplyTimeoutException e) {
            return null; // the MessageRequestReplyOperations contract: null when no reply came
        }
    }

    private Message<byte[]> replyMessage(String name, ZmqSocket s, ZmqMessage reply) {
        return mapper.toMessage(reply, new ZmqEnvelope(null, reply, null, null), name, s.type());
    }

    private ZmqMessage exchange(String name, ZmqSocket s, ZmqMessage request, Duration timeout) {
        Assert.isTrue(timeout != null && !timeout.isNegative(), "timeout must be zero or positive");
        if (s.type() != SocketType.REQ && s.type() != SocketType.DEALER && s.type() != SocketType.CLIENT) {
            throw new IllegalArgumentException("request/reply needs a REQ, DEALER or CLIENT socket; '" + name + "' is a " + s.type()
                    + " socket");
        }
        RequestChannel channel = requestChannels.computeIfAbsent(s,
                k -> k.type() == SocketType.DEALER ? new DealerChannel(name, k) : new OneAtATimeChannel(name, k));
        return channel.exchange(request, System.nanoTime() + timeout.toNanos(), timeout);
    }

    private ZmqSocket socket(String name) {
        Assert.hasText(name, "a socket name is required");
        return sockets.computeIfAbsent(name, n -> {
            try {
                return beanFactory.getBean(n, ZmqSocket.class);
            } catch (NoSuchBeanDefinitionException e) {
                throw new IllegalArgumentException("no ZmqSocket bean named '" + n + "': declare it under monocoque.sockets." + n
                        + " (or as a ZmqSocket @Bean)", e);
            }
        });
    }

    /** How requests and replies are matched on one socket. */
    private interface RequestChannel {
        ZmqMessage exchange(ZmqMessage request, long deadline, Duration timeout);

        /** Closes what the channel opened itself. */
        default void close() {
        }
    }

    /**
     * REQ and CLIENT: one request at a time, each followed by its reply. A REQ socket with
     * {@code REQ_RELAXED} and {@code REQ_CORRELATE} (libzmq's way out) simply sends the next
     * request after a timeout, and drops the late reply when it comes. Any other REQ socket whose
     * request timed out cannot send again before that reply comes, which it may never do (the
     * request was lost, the server restarted); a CLIENT could send, but its messages carry nothing
     * to tell a late reply from the next request's. So, as the "lazy pirate" pattern does, the
     * template then goes on with a fresh socket made from the same {@code monocoque.sockets}
     * definition (a new connection, to which no late reply can come); the bean itself is left to
     * the application. Only a socket the application declared as a bean of its own, which the
     * template cannot remake, has to receive its late reply first (and drops it).
     */
    private final class OneAtATimeChannel implements RequestChannel {

        private final String name;
        private final ZmqSocket bean;
        private final ReentrantLock lock = new ReentrantLock();
        /** The socket requests go out on: the bean, or a fresh one in its place; guarded by lock. */
        private ZmqSocket current;
        /** A socket made here in place of the bean, owned here; guarded by lock. */
        private ZmqSocket replacement;
        /** The current socket sent a request whose reply has not come; guarded by lock. */
        private boolean replyOwed;

        OneAtATimeChannel(String name, ZmqSocket bean) {
            this.name = name;
            this.bean = bean;
            this.current = bean;
        }

        @Override
        public ZmqMessage exchange(ZmqMessage request, long deadline, Duration timeout) {
            try {
                if (!lock.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    throw timeout(timeout, "the socket was busy with another request all along (a " + bean.type()
                            + " socket carries one at a time; use a DEALER socket for concurrent requests)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZmqException(ZmqError.EINTR, "interrupted while waiting to send a request on '" + name + "'");
            }
            try {
                if (replyOwed && relaxed()) {
                    replyOwed = false; // set req-relaxed and req-correlate since: the late reply will be dropped
                }
                if (replyOwed && current.tryReceive() == null && !renew()) {
                    // Not remade: REQ cannot send until the reply to the request that timed out has come, and
                    // a CLIENT must not take that reply for the next request's.
                    if (current.receive(Duration.ofNanos(Math.max(1, remaining(deadline)))) == null) {
                        throw timeout(timeout, "the reply to an earlier, timed-out request has not come yet, and a " + bean.type()
                                + " socket the application declared itself cannot send before it has (declare it under "
                                + "monocoque.sockets, so that the template can go on with a fresh socket, or use a DEALER socket)");
                    }
                }
                replyOwed = false;
                if (!current.send(request, Duration.ofNanos(remaining(deadline)))) {
                    throw timeout(timeout, "the request could not be sent: no peer took it");
                }
                ZmqMessage reply = current.receive(Duration.ofNanos(Math.max(1, remaining(deadline))));
                if (reply == null) {
                    // A relaxed, correlating REQ may send again and drops the late reply itself;
                    // otherwise the next request goes out on a fresh socket when one can be made.
                    replyOwed = !relaxed() && !renew();
                    throw timeout(timeout, "no reply came");
                }
                return reply;
            } finally {
                lock.unlock();
            }
        }

        private boolean relaxed() {
            return ReqSockets.goesOnAfterATimeout(current);
        }

        /** Goes on with a fresh socket in place of the current one; false when none can be made. */
        private boolean renew() {
            ZmqSocket fresh;
            try {
                fresh = freshSocket(name);
            } catch (RuntimeException e) {
                logger.warn("Could not make a fresh socket for '" + name + "' after a timed-out request; the next request waits for "
                        + "the late reply first", e);
                return false;
            }
            if (fresh == null) {
                return false;
            }
            if (replacement != null) {
                replacement.close();
            }
            replacement = fresh;
            current = fresh;
            return true;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (replacement != null) {
                    replacement.close();
                    replacement = null;
                    current = bean;
                    trackAgain(name, bean);
                }
            } finally {
                lock.unlock();
            }
        }

        private ZmqReplyTimeoutException timeout(Duration timeout, String why) {
            return new ZmqReplyTimeoutException("request on '" + name + "' (" + bean.type() + ") timed out after " + timeout.toMillis()
                    + " ms: " + why);
        }
    }

    /** DEALER: concurrent requests, each with a request id frame that the peer echoes back. */
    private static final class DealerChannel implements RequestChannel {

        private final String name;
        private final DealerRequests requests;

        DealerChannel(String name, ZmqSocket socket) {
            this.name = name;
            this.requests = new DealerRequests(socket, "'" + name + "'");
        }

        @Override
        public ZmqMessage exchange(ZmqMessage request, long deadline, Duration timeout) {
            try {
                return requests.exchange(request, deadline, why -> timeout(timeout, why));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZmqException(ZmqError.EINTR, "interrupted while waiting for a reply on '" + name + "'");
            }
        }

        CompletableFuture<ZmqMessage> exchangeAsync(ZmqMessage request, Duration timeout) {
            return requests.exchangeAsync(request, timeout, why -> timeout(timeout, why));
        }

        private ZmqReplyTimeoutException timeout(Duration timeout, String why) {
            return new ZmqReplyTimeoutException("request on '" + name + "' (DEALER) timed out after " + timeout.toMillis() + " ms: " + why);
        }
    }

    /**
     * A fresh socket made as the configured socket {@code name} is, or {@code null} when
     * {@code name} is not a {@code monocoque.sockets} socket (a bean of the application's own).
     */
    private ZmqSocket freshSocket(String name) {
        ZmqSocketFactory factory = beanFactory.getBeanProvider(ZmqSocketFactory.class).getIfUnique();
        return factory == null ? null : factory.recreateConfigured(name);
    }

    /** Points metrics and health back at the bean socket once the socket made in its place is closed. */
    private void trackAgain(String name, ZmqSocket bean) {
        ZmqSocketTracker tracker = beanFactory.getBeanProvider(ZmqSocketTracker.class).getIfUnique();
        if (tracker != null && !bean.isClosed()) {
            tracker.track(name, bean);
        }
    }

    /** Closes the sockets the template made in place of REQ sockets whose requests timed out. */
    @Override
    public void destroy() {
        requestChannels.values().forEach(RequestChannel::close);
        requestChannels.clear();
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public String toString() {
        return "ZmqTemplate[" + sockets.keySet() + ", reply timeout " + replyTimeout + "]";
    }
}
