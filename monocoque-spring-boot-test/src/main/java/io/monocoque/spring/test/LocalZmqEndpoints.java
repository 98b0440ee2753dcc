package io.monocoque.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @SpringBootTest} class (or an annotation of the application's own that carries
 * it): every endpoint of every {@code monocoque.sockets.<name>} is moved before the application
 * starts, so that tests never collide on a port or reach a real server.
 *
 * <ul>
 * <li>a {@code bind} becomes {@code tcp://127.0.0.1:*} (an ephemeral port) or
 * {@code inproc://<name>};</li>
 * <li>a {@code connect} becomes the endpoint of a test peer that waits there: bound on an
 * ephemeral loopback port before the application starts ({@link ZmqTestTransport#TCP}), or
 * {@code inproc://<name>.peer} ({@link ZmqTestTransport#INPROC}).</li>
 * </ul>
 *
 * Inject {@link ZmqTestEndpoints} for the resolved endpoints and for test peers:
 *
 * <pre>{@code
 * @SpringBootTest
 * @LocalZmqEndpoints(ZmqTestTransport.TCP)
 * class OrderIntakeTests {
 *
 *     @Autowired
 *     ZmqTestEndpoints zmq;
 *
 *     @Test
 *     void acceptsAnOrder() {
 *         try (ZmqTestPeer client = zmq.peer("orders")) {          // a PUSH for the PULL socket "orders"
 *             client.sendJson(Map.of("symbol", "ACME", "quantity", 100));
 *         }
 *     }
 * }
 * }</pre>
 *
 * Test classes with the same annotation and otherwise the same configuration share one running
 * application, through Spring's test context cache.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface LocalZmqEndpoints {

    /** Where the endpoints go (default: ephemeral loopback TCP ports, the real wire). */
    ZmqTestTransport value() default ZmqTestTransport.TCP;
}
