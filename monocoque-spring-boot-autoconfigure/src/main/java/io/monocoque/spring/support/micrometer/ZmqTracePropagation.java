package io.monocoque.spring.support.micrometer;

import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.zmq.ZmqMessage;

import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.util.Assert;

/**
 * Carries a trace context between Monocoque applications in the header frame
 * ({@link ZmqHeaderFrameMapper}'s JSON frame just before the payload), when
 * {@code monocoque.observation.propagation.enabled} is on. Off (the default), nothing but the
 * payload goes on the wire and nothing is read, so plain ZeroMQ peers see plain ZeroMQ.
 *
 * <p>The sending side writes the entries a propagating tracing handler put in the
 * {@link ZmqSenderContext}'s carrier (W3C {@code traceparent}, B3, baggage… whatever the
 * application's propagator writes); the receiving side reads the header frame's headers as the
 * {@link ZmqReceiverContext}'s carrier. A message whose payload is a {@code ZmqMessage} (frames
 * the application laid out itself) travels as it is, without a header frame.
 */
public final class ZmqTracePropagation {

    private final ZmqHeaderFrameMapper headerFrameMapper;

    /** Writes and reads header frames with {@code headerFrameMapper} (the application's, normally). */
    public ZmqTracePropagation(ZmqHeaderFrameMapper headerFrameMapper) {
        Assert.notNull(headerFrameMapper, "headerFrameMapper is required");
        this.headerFrameMapper = headerFrameMapper;
    }

    /** Writes and reads the header frames. */
    public ZmqHeaderFrameMapper getHeaderFrameMapper() {
        return headerFrameMapper;
    }

    /**
     * The header frame for {@code message} carrying {@code traceContext} too: through
     * {@code headerMapper} (with the message's headers) when the component has one, else the trace
     * context alone; {@code null} when there is nothing to carry.
     */
    public byte[] headerFrame(Message<?> message, ZmqHeaderFrameMapper headerMapper, Map<String, String> traceContext) {
        if (headerMapper != null) {
            return headerMapper.toFrame(message, traceContext);
        }
        return traceContext.isEmpty() ? null : headerFrameMapper.toFrame(traceContext);
    }

    /**
     * The headers of the header frame of {@code frames} (its frame before the last, when at or after
     * index {@code first}: 1 on sub sockets, where frame 0 is the topic), or an empty map when it
     * has none.
     */
    public Map<String, Object> carriedHeaders(ZmqMessage frames, int first) {
        int index = frames.size() - 2;
        if (index < first) {
            return Map.of();
        }
        Map<String, Object> headers = headerFrameMapper.readHeaders(frames.frame(index));
        return headers == null ? Map.of() : headers;
    }

    @Override
    public String toString() {
        return "ZmqTracePropagation[" + headerFrameMapper + "]";
    }
}
