package io.monocoque.spring.listener.adapter;

import io.monocoque.spring.listener.ZmqListenerContainer;
import io.monocoque.spring.listener.ZmqListenerEndpoint;
import io.monocoque.spring.listener.ZmqListenerErrorHandler;
import io.monocoque.spring.listener.ZmqListenerSupport;
import io.monocoque.spring.listener.ZmqMessageListener;
import io.monocoque.zmq.SocketType;

import java.lang.reflect.Method;
import java.util.List;

import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.Assert;

/** A listener endpoint that calls a bean's method: what a {@code @ZmqListener} method becomes. */
public class MethodZmqListenerEndpoint implements ZmqListenerEndpoint {

    private String id;
    private String description;
    private String socket;
    private SocketType socketType;
    private List<String> bind = List.of();
    private List<String> connect = List.of();
    private List<String> topics = List.of();
    private List<String> groups = List.of();
    private Integer concurrency;
    private Boolean autoStartup;
    private Object bean;
    private Method method;
    private String sendTo;
    private ZmqListenerErrorHandler errorHandler;
    private int batchSize;
    private java.time.Duration batchWindow = java.time.Duration.ofMillis(100);

    @Override
    public int getBatchSize() {
        return batchSize;
    }

    /** Messages per call of a batch listener (a method taking a {@code List}); 0: one message per call. */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public java.time.Duration getBatchWindow() {
        return batchWindow;
    }

    public void setBatchWindow(java.time.Duration batchWindow) {
        this.batchWindow = batchWindow;
    }

    @Override
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    @Override
    public String getDescription() {
        return description != null ? description : id;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    @Override
    public String getSocket() {
        return socket;
    }

    public void setSocket(String socket) {
        this.socket = socket;
    }

    @Override
    public SocketType getSocketType() {
        return socketType;
    }

    public void setSocketType(SocketType socketType) {
        this.socketType = socketType;
    }

    @Override
    public List<String> getBind() {
        return bind;
    }

    public void setBind(List<String> bind) {
        this.bind = List.copyOf(bind);
    }

    @Override
    public List<String> getConnect() {
        return connect;
    }

    public void setConnect(List<String> connect) {
        this.connect = List.copyOf(connect);
    }

    @Override
    public List<String> getTopics() {
        return topics;
    }

    public void setTopics(List<String> topics) {
        this.topics = List.copyOf(topics);
    }

    @Override
    public List<String> getGroups() {
        return groups;
    }

    public void setGroups(List<String> groups) {
        this.groups = List.copyOf(groups);
    }

    @Override
    public Integer getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }

    @Override
    public Boolean getAutoStartup() {
        return autoStartup;
    }

    public void setAutoStartup(Boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public Object getBean() {
        return bean;
    }

    public void setBean(Object bean) {
        this.bean = bean;
    }

    public Method getMethod() {
        return method;
    }

    public void setMethod(Method method) {
        this.method = method;
    }

    /** The socket bean return values go to ({@code @SendTo}), or {@code null} to reply to the requester. */
    public String getSendTo() {
        return sendTo;
    }

    public void setSendTo(String sendTo) {
        this.sendTo = sendTo;
    }

    public ZmqListenerErrorHandler getErrorHandler() {
        return errorHandler;
    }

    public void setErrorHandler(ZmqListenerErrorHandler errorHandler) {
        this.errorHandler = errorHandler;
    }

    @Override
    public ZmqMessageListener createMessageListener(ZmqListenerContainer container, ZmqListenerSupport support) {
        Assert.state(bean != null && method != null, "a bean and a method are required");
        InvocableHandlerMethod handlerMethod = support.messageHandlerMethodFactory().createInvocableHandlerMethod(bean, method);
        return new MessagingZmqListenerAdapter(id, getDescription(), handlerMethod, support.messageMapper(), support.interceptors(),
                errorHandler != null ? errorHandler : support.errorHandler(), sendTo, support.beanFactory());
    }

    @Override
    public String toString() {
        return "MethodZmqListenerEndpoint[" + id + ": " + getDescription() + "]";
    }
}
