package io.monocoque.spring.support;

import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.zmq.PeerInfo;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/** Resolves {@code PeerInfo} listener parameters to what is known of the sending peer. */
public class PeerInfoArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == PeerInfo.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, Message<?> message) {
        PeerInfo peer = message.getHeaders().get(ZmqHeaders.PEER, PeerInfo.class);
        return peer == null ? PeerInfo.NONE : peer;
    }
}
