package io.monocoque.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a class annotated with {@link ZmqListener} as one of its handlers: each
 * message goes to one of them, chosen by payload type.
 *
 * <pre>{@code
 * @Component
 * @ZmqListener(socket = "events")
 * class EventHandlers {
 *
 *     @ZmqHandler
 *     void placed(OrderPlaced event) { ... }        // messages whose zmq_typeId names OrderPlaced
 *
 *     @ZmqHandler
 *     void cancelled(OrderCancelled event) { ... }  // ... or OrderCancelled
 *
 *     @ZmqHandler(isDefault = true)
 *     void other(Map<String, Object> event) { ... } // the rest, converted to a Map
 * }
 * }</pre>
 *
 * <p>The handler for a message is, in this order:
 * <ol>
 * <li>the one whose payload type the message's {@link io.monocoque.spring.support.ZmqHeaders#TYPE_ID
 * type id} names: its fully qualified class name, or else its simple name when only one handler
 * has a type of that simple name. The type id travels in a header frame before the payload
 * (a {@code ZmqTemplate} writes it with {@code monocoque.template.type-id-header=true}; any peer
 * can send {@code {"headers":{},"typeId":"com.example.OrderPlaced"}}). No class is loaded by
 * that name: it only picks among the handlers' own types;</li>
 * <li>else the handler that takes the raw payload, as {@code byte[]}, {@code String},
 * {@code ZmqMessage} (every frame) or {@code Object};</li>
 * <li>else the handler marked {@link #isDefault()}.</li>
 * </ol>
 * A message no rule picks a handler for fails like a listener call that throws (retry, error
 * handler, dead letter). Handlers that could take the same message, two raw or default
 * handlers, a raw and a default one, or two handlers of the same payload type, stop start-up
 * with a message that names both methods.
 *
 * <p>Parameters resolve as on {@code @ZmqListener} methods; a return value is the reply (rep
 * and router sockets) or goes to the method's {@code @SendTo} socket, or to the class's.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ZmqHandler {

    /**
     * Whether this handler takes the messages that no type id and no raw-payload handler
     * claims; at most one per class.
     */
    boolean isDefault() default false;
}
