package io.monocoque.spring.listener;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.spring.messaging.ZmqMessageDiscards;
import io.monocoque.spring.messaging.ZmqMessageFailures;
import io.monocoque.spring.messaging.ZmqReceiveLoop;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.task.TaskExecutor;
import org.springframework.util.Assert;

/**
 * The standard listener container: {@code concurrency} threads from a {@link TaskExecutor},
 * each blocked in {@code receive} on the socket (the engine wakes one the moment a message
 * arrives; there is no polling), handing every message to the listener and sending its reply.
 * The threads are a {@link ZmqReceiveLoop}, the same loop channels and Spring Integration
 * adapters use; {@link #pause()} stops it reading until {@link #resume()}.
 *
 * <p>A failed call is tried again as the {@linkplain #setRetryPolicy retry policy} allows; after
 * the last attempt the listener's error handler may handle it (with an error reply, say), else
 * the {@linkplain #setRecoverer recoverer} (a dead-letter socket, say), else it is logged with the
 * listener and socket names; the thread goes on with the next message. On a REP socket a request always gets an answer, so that the socket can take
 * the next one: when the listener produced no reply, an empty frame is sent. On a SERVER socket
 * (thread-safe, so any concurrency) a reply goes to the client the request came from, by its
 * routing id; a listener that returns nothing sends nothing.
 *
 * <p><b>Stopping.</b> {@link #stop()} takes no new message from the socket; every thread
 * finishes the message it holds (within the {@linkplain #setShutdownTimeout shutdown timeout}),
 * and messages left in the socket stay there for the next start. When the messages left would be
 * lost instead — the container's own socket closes with it, or the application is closing
 * ({@link #shutdown()}) — the threads go on with the messages already queued in the socket until
 * it is empty or the shutdown timeout has run out; what is still queued then is discarded,
 * counted ({@code zmq.messages.discarded{reason=shutdown-timeout}}) and logged once with the
 * count.
 */
public class DefaultZmqListenerContainer implements ZmqListenerContainer {

    private static final Log LOG = LogFactory.getLog(DefaultZmqListenerContainer.class);
    private static final byte[] EMPTY = new byte[0];

    private final String listenerId;
    private final String description;
    private volatile ZmqMessageFailures failures;
    private volatile ZmqMessageDiscards discards;
    private volatile ZmqListenerOutcomes outcomes;
    private volatile RetryTemplate retryTemplate;
    private volatile ZmqMessageRecoverer recoverer;
    private int batchSize;
    private Duration batchWindow = Duration.ofMillis(100);
    private final ListenerSocket source;
    private final TaskExecutor taskExecutor;
    private final int concurrency;
    /** Whether the listener asked for its concurrency itself (else it is the factory's default). */
    private boolean concurrencyExplicit = true;
    /** The receiving threads of the current run: the concurrency, or 1 on a REP socket that only takes the default. */
    private volatile int threads;
    private final Object lifecycleMonitor = new Object();

    private volatile ZmqMessageListener listener;
    private boolean autoStartup = true;
    private int phase = DEFAULT_PHASE;
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    private volatile boolean running;
    private volatile ZmqSocket socket;
    private volatile SocketType presentedType;
    private volatile boolean emulatesRep;
    private volatile ZmqReceiveLoop loop;

    DefaultZmqListenerContainer(String listenerId, String description, ListenerSocket source, TaskExecutor taskExecutor, int concurrency) {
        Assert.isTrue(concurrency >= 1, () -> "concurrency must be at least 1, not " + concurrency + " (" + description + ")");
        this.listenerId = listenerId;
        this.description = description;
        this.source = source;
        this.taskExecutor = taskExecutor;
        this.concurrency = concurrency;
        this.threads = concurrency;
    }

    /**
     * Whether the concurrency was the listener's own choice (default true). A default
     * concurrency does not apply to a REP socket, which serves one request at a time: such a
     * listener runs with one thread. Only a concurrency the listener asks for itself puts an inline
     * REP socket on a router underneath (and is refused on a configured REP socket).
     */
    void setConcurrencyExplicit(boolean concurrencyExplicit) {
        this.concurrencyExplicit = concurrencyExplicit;
    }

    /** The listener each message goes to. */
    public void setMessageListener(ZmqMessageListener listener) {
        this.listener = listener;
    }

    public ZmqMessageListener getMessageListener() {
        return listener;
    }

    /**
     * Where messages the listener failed on are counted (the {@code zmq.messages.failed} meter);
     * {@code null}, the default, counts nothing.
     */
    public void setFailures(ZmqMessageFailures failures) {
        this.failures = failures;
    }

    /**
     * Where the messages discarded at shutdown are counted (the {@code zmq.messages.discarded}
     * meter); {@code null}, the default, counts nothing (they are still logged).
     */
    public void setDiscards(ZmqMessageDiscards discards) {
        this.discards = discards;
    }

    /** Where the outcome of every message is counted; {@code null}, the default, counts nothing. */
    public void setOutcomes(ZmqListenerOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    /**
     * How a failed listener call is tried again, with Spring Framework's {@link RetryPolicy}
     * (attempts, delay, multiplier, maximum delay, which exceptions); {@code null}, the default,
     * tries once. The thread waits between attempts, holding the message.
     */
    public void setRetryPolicy(RetryPolicy retryPolicy) {
        this.retryTemplate = retryPolicy == null ? null : new RetryTemplate(retryPolicy);
    }

    /**
     * What becomes of a message after its last failed attempt, when the listener's error handler
     * did not handle it (e.g. {@link ZmqDeadLetterRecoverer}); {@code null}, the default, logs it.
     */
    public void setRecoverer(ZmqMessageRecoverer recoverer) {
        this.recoverer = recoverer;
    }

    /**
     * Makes this a batch container: each thread hands the listener a list of up to {@code size}
     * messages, those that came within {@code window} of the first; 0 (the default) hands one
     * message per call. Not for REP sockets, whose every request needs its own reply.
     */
    public void setBatch(int size, Duration window) {
        Assert.isTrue(size >= 0, "the batch size must be 0 (no batches) or more");
        this.batchSize = size;
        this.batchWindow = window;
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public void setPhase(int phase) {
        this.phase = phase;
    }

    /**
     * How long {@link #stop()} waits for calls in progress to finish, and {@link #shutdown()} for
     * the messages queued in the socket to be handled (default 10 s).
     */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public String getListenerId() {
        return listenerId;
    }

    @Override
    public String getSocketName() {
        return source.name();
    }

    @Override
    public SocketType getSocketType() {
        return presentedType;
    }

    @Override
    public ZmqSocket getSocket() {
        return socket;
    }

    @Override
    public int getConcurrency() {
        return threads;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    @Override
    public boolean isRunning() {
        ZmqReceiveLoop l = loop;
        return running && l != null && l.isRunning(); // the loop ends by itself when its socket is closed under it
    }

    @Override
    public void start() {
        synchronized (lifecycleMonitor) {
            if (running) {
                return;
            }
            Assert.state(listener != null, () -> "no message listener for " + description);
            listener.checkReady();
            if (recoverer != null) {
                recoverer.checkReady();
            }
            int n = source.threads(concurrency, concurrencyExplicit);
            ZmqSocket s = source.open(n);
            threads = n;
            socket = s;
            presentedType = source.presentedType();
            emulatesRep = source.emulatesRep();
            if (batchSize > 0 && (s.type() == SocketType.REP || emulatesRep)) {
                source.close();
                throw new ZmqConfigurationException("@ZmqListener(batchSize)", batchSize, description + " takes batches on socket '"
                        + source.name() + "', a REP socket, which must answer each request before it takes the next",
                        "Take one message per call on a REP socket (remove batchSize), or batch on a pull, sub or dealer socket.");
            }
            String loopName = description + " on socket '" + source.name() + "'";
            ZmqReceiveLoop l = batchSize > 0 ? new ZmqReceiveLoop(loopName, s, batchSize, batchWindow, batch -> dispatchBatch(s, batch))
                    : new ZmqReceiveLoop(loopName, s, m -> dispatch(s, m));
            try {
                l.start(taskExecutor, n);
            } catch (RuntimeException e) {
                source.close();
                throw e;
            }
            loop = l;
            running = true;
            if (LOG.isDebugEnabled()) {
                LOG.debug("Started " + description + " on socket '" + source.name() + "' (" + presentedType + ") with "
                        + n + " thread(s)");
            }
        }
    }

    @Override
    public void stop() {
        stop(source.owned());
    }

    /**
     * Stops for good as the application closes: the threads go on with the messages already
     * queued in the socket, until it is empty or the shutdown timeout has run out; the rest is
     * discarded, counted and logged.
     */
    @Override
    public void shutdown() {
        stop(true);
    }

    private void stop(boolean drainQueued) {
        ZmqReceiveLoop l;
        synchronized (lifecycleMonitor) {
            if (!running) {
                return;
            }
            running = false;
            l = loop;
        }
        boolean finished = drainQueued ? l.stopAndDrain(shutdownTimeout) : l.stop(shutdownTimeout);
        if (!finished) {
            LOG.warn(description + " on socket '" + source.name() + "' was still handling a message " + shutdownTimeout.toMillis()
                    + " ms after stop; it finishes on its own");
        }
        synchronized (lifecycleMonitor) {
            if (!running) {
                ZmqSocket s = socket;
                if (drainQueued && s != null) {
                    discardQueued(s);
                }
                source.close();
                socket = null;
                loop = null;
            }
        }
    }

    /**
     * Stops reading the socket until {@link #resume()}: calls in progress finish, and the
     * messages that keep coming wait in the socket until its receive high-water mark, where
     * ZeroMQ holds the senders back.
     */
    @Override
    public void pause() {
        ZmqReceiveLoop l = loop;
        if (l != null) {
            l.pause();
        }
    }

    @Override
    public void resume() {
        ZmqReceiveLoop l = loop;
        if (l != null) {
            l.resume();
        }
    }

    @Override
    public boolean isPaused() {
        ZmqReceiveLoop l = loop;
        return l != null && l.isPaused();
    }

    /** Takes what is still queued in the socket, which would be lost, and counts and logs it. */
    private void discardQueued(ZmqSocket s) {
        long discarded = 0;
        try {
            while (s.tryReceive() != null) {
                discarded++;
            }
        } catch (ZmqException e) {
            // closed meanwhile: nothing more to take
        }
        if (discarded > 0) {
            ZmqMessageDiscards d = discards;
            if (d != null) {
                d.record(source.name(), ZmqMessageDiscards.SHUTDOWN_TIMEOUT, discarded);
            }
            LOG.warn(description + " on socket '" + source.name() + "' discarded " + discarded + " queued message(s) it had not handled "
                    + "when its " + shutdownTimeout.toMillis() + " ms shutdown timeout ran out (zmq.messages.discarded)");
        }
    }

    private void dispatch(ZmqSocket s, ZmqMessage received) {
        SocketType type = presentedType;
        boolean rep = emulatesRep;
        ZmqEnvelope parts = ZmqEnvelope.split(received, s.type(), rep);
        if (parts == null) {
            if (LOG.isDebugEnabled()) {
                LOG.debug(description + " dropped a " + received.size() + "-frame message on '" + source.name()
                        + "' that carries no request");
            }
            return;
        }
        ZmqMessage presented = received;
        if (rep) {
            // Present the request as a REP socket would: no envelope, no routing id.
            presented = parts.body();
            parts = new ZmqEnvelope(parts.envelope(), parts.body(), null, null);
        }
        ZmqReceivedMessage message = new ZmqReceivedMessage(presented, parts, source.name(), type, replier(s, received, parts));
        try {
            int attempts = invoke(message);
            if (attempts > 0) {
                outcome(ZmqListenerOutcomes.SUCCEEDED);
            }
        } finally {
            if (s.type() == SocketType.REP && !message.replied()) {
                answerEmpty(s);
            }
        }
    }

    private void dispatchBatch(ZmqSocket s, List<ZmqMessage> received) {
        List<ZmqReceivedMessage> messages = new ArrayList<>(received.size());
        for (ZmqMessage m : received) {
            ZmqEnvelope parts = ZmqEnvelope.split(m, s.type(), false);
            if (parts != null) {
                messages.add(new ZmqReceivedMessage(m, parts, source.name(), presentedType, null));
            }
        }
        if (messages.isEmpty()) {
            return;
        }
        RetryTemplate retry = retryTemplate;
        int[] attempts = {0};
        Throwable failure;
        try {
            if (retry == null) {
                attempts[0] = 1;
                listener.onBatch(messages);
            } else {
                retry.execute(() -> {
                    if (attempts[0]++ > 0) {
                        outcome(ZmqListenerOutcomes.RETRIED);
                    }
                    listener.onBatch(messages);
                    return null;
                });
            }
            messages.forEach(m -> outcome(ZmqListenerOutcomes.SUCCEEDED));
            return;
        } catch (RetryException e) {
            failure = e.getLastException() != null ? e.getLastException() : e.getCause();
        } catch (Throwable t) {
            failure = t;
        }
        for (ZmqReceivedMessage m : messages) {
            recover(m, failure, Math.max(1, attempts[0]));
        }
    }

    /**
     * Calls the listener, again as the retry policy allows when it fails; after the last failure
     * hands the message to the listener's error handler, then to the recoverer, else logs it.
     *
     * @return the attempts it took when the listener succeeded, or 0 when it did not
     */
    private int invoke(ZmqReceivedMessage message) {
        RetryTemplate retry = retryTemplate;
        int[] attempts = {0};
        Throwable failure;
        try {
            if (retry == null) {
                attempts[0] = 1;
                listener.onMessage(message);
            } else {
                retry.execute(() -> {
                    if (attempts[0]++ > 0) {
                        outcome(ZmqListenerOutcomes.RETRIED);
                    }
                    listener.onMessage(message);
                    return null;
                });
            }
            return attempts[0];
        } catch (RetryException e) {
            failure = e.getLastException() != null ? e.getLastException() : e.getCause();
        } catch (Throwable t) {
            failure = t;
        }
        recover(message, failure, Math.max(1, attempts[0]));
        return 0;
    }

    private void recover(ZmqReceivedMessage message, Throwable failure, int attempts) {
        try {
            if (listener.handleFailure(message, failure)) {
                outcome(ZmqListenerOutcomes.ERROR_HANDLED);
                return;
            }
        } catch (Throwable t) {
            failure = t; // the error handler gave up too
        }
        ZmqMessageRecoverer r = recoverer;
        if (r != null) {
            try {
                r.recover(message, failure, attempts);
                recordFailure();
                outcome(ZmqListenerOutcomes.DEAD_LETTERED);
                return;
            } catch (Throwable t) {
                LOG.error(description + " on socket '" + source.name() + "' could not recover a failed message with " + r, t);
            }
        }
        logFailure(message.message(), failure, attempts);
        outcome(ZmqListenerOutcomes.FAILED);
    }

    private void outcome(String outcome) {
        ZmqListenerOutcomes o = outcomes;
        if (o != null) {
            o.record(listenerId, source.name(), outcome);
        }
    }

    private void recordFailure() {
        ZmqMessageFailures f = failures;
        if (f != null) {
            f.record(source.name());
        }
    }

    private Consumer<ZmqMessage> replier(ZmqSocket s, ZmqMessage received, ZmqEnvelope parts) {
        if (s.type() == SocketType.REP) {
            return s::send;
        }
        if (received.routingId() != 0 && s.type().canSend()) {
            // The routing id travels on the message (SERVER, and PEER once it exists): the reply goes back on
            // the connection the request came on.
            int routingId = received.routingId();
            return reply -> s.send(reply.withRoutingId(routingId));
        }
        if ((s.type() == SocketType.ROUTER || s.type() == SocketType.STREAM || s.type() == SocketType.DGRAM) && parts.envelope() != null) {
            List<byte[]> envelope = parts.envelope().frames();
            byte[][] prefix = envelope.toArray(new byte[0][]);
            return reply -> s.send(reply.prepend(prefix));
        }
        return null;
    }

    private void answerEmpty(ZmqSocket s) {
        try {
            s.send(ZmqMessage.wrap(EMPTY));
            if (LOG.isDebugEnabled()) {
                LOG.debug(description + " produced no reply on REP socket '" + source.name() + "'; sent an empty one");
            }
        } catch (ZmqException e) {
            if (running) {
                LOG.warn(description + " could not answer a request on REP socket '" + source.name() + "': " + e.getMessage());
            }
        }
    }

    private void logFailure(ZmqMessage received, Throwable t, int attempts) {
        recordFailure();
        String peer = received.peer().remoteAddress();
        LOG.error(description + " on socket '" + source.name() + "' failed on a " + received.size() + "-frame message of "
                + received.byteSize() + " bytes" + (peer == null ? "" : " from " + peer) + (attempts > 1 ? " " + attempts + " times" : "")
                + "; it goes on with the next message", t);
    }

    @Override
    public String toString() {
        return "DefaultZmqListenerContainer[" + listenerId + " on '" + source.name() + "', concurrency " + threads
                + (running ? ", running" : "") + "]";
    }
}
