package io.monocoque.zmq.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.SocketChannelConfig;

import java.util.Map;

/**
 * The configuration of an {@link EpollDirectSocketChannel}: the tcp options the engine sets
 * ({@link TcpOptions}), each read from and written to the kernel's socket. Netty's own epoll
 * socket configuration cannot be made for another channel class, so the options are handled
 * here: TCP_NODELAY, SO_KEEPALIVE with epoll's TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT,
 * TCP_USER_TIMEOUT, SO_SNDBUF, SO_RCVBUF, SO_LINGER, IP_TOS (the traffic class on IPv6),
 * SO_REUSEADDR and half-closure; raw Linux options (SO_PRIORITY, SO_BINDTODEVICE) go through
 * Netty's epoll configuration as for any epoll channel.
 */
public final class EpollDirectSocketChannelConfig extends EpollChannelConfig implements SocketChannelConfig {

    /** Linux's {@code IPPROTO_TCP}. */
    private static final int IPPROTO_TCP = 6;
    /** The integer tcp options epoll names, each with its Linux option number at {@link #IPPROTO_TCP}. */
    private static final Map<ChannelOption<?>, Integer> TCP_INTEGER_OPTIONS = Map.of(
            EpollChannelOption.TCP_KEEPIDLE, 4,
            EpollChannelOption.TCP_KEEPINTVL, 5,
            EpollChannelOption.TCP_KEEPCNT, 6,
            EpollChannelOption.TCP_USER_TIMEOUT, 18);

    private final EpollDirectSocketChannel channel;
    private volatile boolean allowHalfClosure;

    EpollDirectSocketChannelConfig(EpollDirectSocketChannel channel) {
        super(channel);
        this.channel = channel;
        gatherUpToTwiceTheSendBuffer();
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.TCP_NODELAY, ChannelOption.SO_KEEPALIVE, ChannelOption.SO_SNDBUF,
                ChannelOption.SO_RCVBUF, ChannelOption.SO_LINGER, ChannelOption.IP_TOS, ChannelOption.SO_REUSEADDR,
                ChannelOption.ALLOW_HALF_CLOSURE, EpollChannelOption.TCP_KEEPIDLE, EpollChannelOption.TCP_KEEPINTVL,
                EpollChannelOption.TCP_KEEPCNT, EpollChannelOption.TCP_USER_TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.TCP_NODELAY) {
            return (T) Boolean.valueOf(isTcpNoDelay());
        }
        if (option == ChannelOption.SO_KEEPALIVE) {
            return (T) Boolean.valueOf(isKeepAlive());
        }
        if (option == ChannelOption.SO_SNDBUF) {
            return (T) Integer.valueOf(getSendBufferSize());
        }
        if (option == ChannelOption.SO_RCVBUF) {
            return (T) Integer.valueOf(getReceiveBufferSize());
        }
        if (option == ChannelOption.SO_LINGER) {
            return (T) Integer.valueOf(getSoLinger());
        }
        if (option == ChannelOption.IP_TOS) {
            return (T) Integer.valueOf(getTrafficClass());
        }
        if (option == ChannelOption.SO_REUSEADDR) {
            return (T) Boolean.valueOf(isReuseAddress());
        }
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            return (T) Boolean.valueOf(isAllowHalfClosure());
        }
        Integer tcpName = TCP_INTEGER_OPTIONS.get(option);
        if (tcpName != null) {
            return (T) get(socket -> socket.getIntOpt(IPPROTO_TCP, tcpName));
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == ChannelOption.TCP_NODELAY) {
            setTcpNoDelay((Boolean) value);
        } else if (option == ChannelOption.SO_KEEPALIVE) {
            setKeepAlive((Boolean) value);
        } else if (option == ChannelOption.SO_SNDBUF) {
            setSendBufferSize((Integer) value);
        } else if (option == ChannelOption.SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == ChannelOption.SO_LINGER) {
            setSoLinger((Integer) value);
        } else if (option == ChannelOption.IP_TOS) {
            setTrafficClass((Integer) value);
        } else if (option == ChannelOption.SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            setAllowHalfClosure((Boolean) value);
        } else if (TCP_INTEGER_OPTIONS.containsKey(option)) {
            int tcpName = TCP_INTEGER_OPTIONS.get(option);
            set(socket -> socket.setIntOpt(IPPROTO_TCP, tcpName, (Integer) value));
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    private <T> T get(EpollSocketCalls.SocketRead<T> read) {
        return EpollSocketCalls.get(channel.linuxSocket(), read);
    }

    private EpollDirectSocketChannelConfig set(EpollSocketCalls.SocketWrite write) {
        EpollSocketCalls.set(channel.linuxSocket(), write);
        return this;
    }

    /** As Netty's epoll socket configuration does: no gathering write larger than the kernel's send buffer can take twice over. */
    private void gatherUpToTwiceTheSendBuffer() {
        int twice = getSendBufferSize() << 1;
        if (twice > 0) {
            setMaxBytesPerGatheringWrite(twice);
        }
    }

    @Override
    public boolean isTcpNoDelay() {
        return get(LinuxSocket::isTcpNoDelay);
    }

    @Override
    public EpollDirectSocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
        return set(socket -> socket.setTcpNoDelay(tcpNoDelay));
    }

    @Override
    public int getSoLinger() {
        return get(LinuxSocket::getSoLinger);
    }

    @Override
    public EpollDirectSocketChannelConfig setSoLinger(int soLinger) {
        return set(socket -> socket.setSoLinger(soLinger));
    }

    @Override
    public int getSendBufferSize() {
        return get(LinuxSocket::getSendBufferSize);
    }

    @Override
    public EpollDirectSocketChannelConfig setSendBufferSize(int sendBufferSize) {
        set(socket -> socket.setSendBufferSize(sendBufferSize));
        gatherUpToTwiceTheSendBuffer();
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return get(LinuxSocket::getReceiveBufferSize);
    }

    @Override
    public EpollDirectSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        return set(socket -> socket.setReceiveBufferSize(receiveBufferSize));
    }

    @Override
    public boolean isKeepAlive() {
        return get(LinuxSocket::isKeepAlive);
    }

    @Override
    public EpollDirectSocketChannelConfig setKeepAlive(boolean keepAlive) {
        return set(socket -> socket.setKeepAlive(keepAlive));
    }

    @Override
    public int getTrafficClass() {
        return get(LinuxSocket::getTrafficClass);
    }

    @Override
    public EpollDirectSocketChannelConfig setTrafficClass(int trafficClass) {
        return set(socket -> socket.setTrafficClass(trafficClass));
    }

    @Override
    public boolean isReuseAddress() {
        return get(LinuxSocket::isReuseAddress);
    }

    @Override
    public EpollDirectSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        return set(socket -> socket.setReuseAddress(reuseAddress));
    }

    /** Ignored, as by every Netty socket configuration. */
    @Override
    public EpollDirectSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    public EpollDirectSocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
        this.allowHalfClosure = allowHalfClosure;
        return this;
    }

    // ---- the common settings, with this class as their return type ---------------------------------

    @Override
    public EpollDirectSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public EpollDirectSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public EpollDirectSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public EpollDirectSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public EpollDirectSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public EpollDirectSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public EpollDirectSocketChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    @Deprecated
    public EpollDirectSocketChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    @Deprecated
    public EpollDirectSocketChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }

    @Override
    public EpollDirectSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    public EpollDirectSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }
}
