package io.monocoque.spring.integration.dsl;

import io.monocoque.spring.integration.ZmqProxyBean;
import io.monocoque.spring.messaging.ZmqSubscribableChannel;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.zmq.ZmqSocket;

import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.integration.dsl.IntegrationComponentSpec;
import org.springframework.messaging.Message;

/** A {@link ZmqSubscribableChannel}; {@code getObject()} gives it (register it as a bean or pass it to {@code .channel(...)}). */
public final class ZmqSubscribableChannelSpec extends IntegrationComponentSpec<ZmqSubscribableChannelSpec, ZmqSubscribableChannel> {

    ZmqSubscribableChannelSpec(ZmqSubscribableChannel channel) {
        this.target = channel;
    }

    /** Sends to {@code sendEndpoint} (a proxy's frontend) and receives from {@code receiveEndpoint} (its backend). */
    public ZmqSubscribableChannelSpec remote(String sendEndpoint, String receiveEndpoint) {
        target.setRemote(sendEndpoint, receiveEndpoint);
        return this;
    }

    /** Talks through {@code proxy} (XSUB/XPUB for a pub/sub channel, PULL/PUSH for push/pull) in this application. */
    public ZmqSubscribableChannelSpec proxy(ZmqProxyBean proxy) {
        target.setRemote(proxy::getFrontendConnectEndpoint, proxy::getBackendConnectEndpoint);
        return this;
    }

    /** Topic prefixes the channel's SUB socket subscribes to (default: everything). */
    public ZmqSubscribableChannelSpec subscriptions(String... topics) {
        target.setSubscriptions(topics);
        return this;
    }

    /** The topic of each message (default: its {@code zmq_topic} header). */
    public ZmqSubscribableChannelSpec topicFunction(Function<Message<?>, ?> function) {
        target.setTopicFunction(function);
        return this;
    }

    /** Converts received payloads to this type. */
    public ZmqSubscribableChannelSpec payloadType(Class<?> type) {
        target.setPayloadType(type);
        return this;
    }

    /** How headers travel (default: every header that can); {@code null}: only payload and topic. */
    public ZmqSubscribableChannelSpec headerMapper(ZmqHeaderFrameMapper mapper) {
        target.setHeaderMapper(mapper);
        return this;
    }

    /** Options, such as CURVE keys, for the sending socket. */
    public ZmqSubscribableChannelSpec sendSocketCustomizer(Consumer<ZmqSocket> customizer) {
        target.setSendSocketCustomizer(customizer);
        return this;
    }

    /** Options, such as CURVE keys, for the receiving socket. */
    public ZmqSubscribableChannelSpec receiveSocketCustomizer(Consumer<ZmqSocket> customizer) {
        target.setReceiveSocketCustomizer(customizer);
        return this;
    }

    @Override
    public ZmqSubscribableChannelSpec id(String id) {
        target.setBeanName(id);
        return super.id(id);
    }
}
