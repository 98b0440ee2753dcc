package io.monocoque.spring.listener;

import java.util.concurrent.Callable;

/**
 * Around-advice for every listener call: payload conversion and the listener method. Beans of
 * this type are applied by the auto-configured listener container factory in their
 * {@code @Order}/{@code Ordered} order, the first one outermost; metrics, tracing (a Micrometer
 * {@code Observation}) and MDC set-up plug in here.
 *
 * <pre>{@code
 * @Bean
 * ZmqListenerInterceptor timing() {
 *     return (invocation, proceed) -> {
 *         long start = System.nanoTime();
 *         try {
 *             return proceed.call();
 *         } finally {
 *             log.debug("{} took {} ns", invocation.listenerId(), System.nanoTime() - start);
 *         }
 *     };
 * }
 * }</pre>
 *
 * <p>An exception thrown by the listener comes out of {@code proceed.call()} unchanged; whatever
 * the interceptor lets escape goes to the listener's error handler. Interceptors run on the
 * listener's thread.
 */
@FunctionalInterface
public interface ZmqListenerInterceptor {

    /**
     * Wraps one listener call.
     *
     * @param invocation what is being called, with which message
     * @param proceed    calls the next interceptor, or the listener itself; returns the
     *                   listener's return value (its reply), or {@code null}
     * @return the listener's return value, normally what {@code proceed.call()} returned
     */
    Object invoke(ZmqListenerInvocation invocation, Callable<Object> proceed) throws Exception;
}
