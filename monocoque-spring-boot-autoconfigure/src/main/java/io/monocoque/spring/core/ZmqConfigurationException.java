package io.monocoque.spring.core;

/**
 * A ZeroMQ setting the application cannot start with: it names where the setting comes from
 * (a property such as {@code monocoque.sockets.orders.bind[0]}, or a {@code @ZmqListener}
 * attribute), the value, what is wrong with it and what to do instead. Spring Boot's failure
 * analysis prints these as its description and action.
 */
public class ZmqConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient Object value;
    private final String problem;
    private final String action;

    public ZmqConfigurationException(String source, Object value, String problem, String action) {
        this(source, value, problem, action, null);
    }

    public ZmqConfigurationException(String source, Object value, String problem, String action, Throwable cause) {
        super(source + (value == null ? "" : " = '" + value + "'") + ": " + problem, cause);
        this.source = source;
        this.value = value;
        this.problem = problem;
        this.action = action;
    }

    /** The property (or {@code @ZmqListener} attribute) that holds the bad setting. */
    public String getSource() {
        return source;
    }

    /** The bad value, or {@code null} when the setting is missing. */
    public Object getValue() {
        return value;
    }

    /** What is wrong. */
    public String getProblem() {
        return problem;
    }

    /** What the user can do about it. */
    public String getAction() {
        return action;
    }
}
