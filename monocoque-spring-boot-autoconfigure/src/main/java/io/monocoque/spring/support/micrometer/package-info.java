/**
 * Micrometer observations of Monocoque's sending and receiving sides: documentation enums
 * ({@link io.monocoque.spring.support.micrometer.ZmqTemplateObservation},
 * {@link io.monocoque.spring.support.micrometer.ZmqListenerObservation}), contexts, and the
 * replaceable conventions with their defaults; plus {@link io.monocoque.spring.support.micrometer.ZmqTracePropagation},
 * which carries a trace context across the wire in a header frame when that is switched on.
 */
package io.monocoque.spring.support.micrometer;
