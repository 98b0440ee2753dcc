package io.monocoque.zmq.faults;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.FaultProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The soak: every socket type at once, for {@code monocoque.soak.duration} (ISO-8601, default
 * PT15M; {@code mvn -Psoak verify}), over tcp, ipc and inproc, NULL and CURVE, through faults and
 * reconnects, while heap, descriptors, threads and direct memory are sampled:
 * <ul>
 * <li>PUSH→PULL, tcp, CURVE, through a {@link FaultProxy} switching delay, throttle, short blackholes
 *     and resets ({@link ProxyFaultCycle});</li>
 * <li>DEALER↔ROUTER echo, tcp, NULL, through a second proxy on a shifted cycle;</li>
 * <li>PAIR, tcp, NULL, 2 kB messages, the binding side unbinding and binding the same port again;</li>
 * <li>REQ→REP, ipc, the REP closed and a new one bound at the same path, the REQ reopened;</li>
 * <li>PUB→SUB, tcp, CURVE, and XPUB→XSUB, inproc, the subscriber closed and a new one subscribing.</li>
 * </ul>
 * Each lane asserts what its pattern promises ({@link SoakLane#finish()}); then the resources are
 * judged flat by {@link ResourceSampler}'s criterion.
 */
@Tag("soak")
// Every wait inside has its own bound; this only has to outlast the longest run one would configure.
@Timeout(value = 3, unit = TimeUnit.HOURS)
class MixedTrafficSoakTest {

    static final Duration DURATION = Duration.parse(System.getProperty("monocoque.soak.duration", "PT15M"));
    static final Duration STEP = Duration.ofMillis(500);
    private static final Duration PACE = Duration.ofMillis(2);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);

    static final List<ResourceSampler.Measure> FLAT = List.of(
            new ResourceSampler.Measure("heap after GC", ResourceSampler.Sample::heap, 8L << 20, "MiB", 1 << 20),
            new ResourceSampler.Measure("file descriptors", ResourceSampler.Sample::fds, 10, "", 1),
            new ResourceSampler.Measure("live threads", ResourceSampler.Sample::threads, 4, "", 1),
            new ResourceSampler.Measure("Netty direct memory", ResourceSampler.Sample::nettyDirect, 4L << 20, "MiB", 1 << 20),
            new ResourceSampler.Measure("JDK direct buffers", ResourceSampler.Sample::jdkDirect, 4L << 20, "MiB", 1 << 20));

    private final CurveKeyPair serverKeys = CurveKeyPair.generate();
    private final CurveKeyPair clientKeys = CurveKeyPair.generate();

    @Test
    void everySocketTypeThroughFaultsAndReconnectsKeepsItsPromisesWithResourcesFlat(@TempDir Path dir) throws Exception {
        List<SoakLane> lanes = new ArrayList<>();
        List<AutoCloseable> proxies = new ArrayList<>();
        try (ZmqContext servers = ZmqContext.create(); ZmqContext clients = ZmqContext.create()) {
            // PUSH→PULL, tcp, CURVE, through a switching fault proxy
            ZmqSocket pull = curveServer(socket(servers, SocketType.PULL));
            pull.bind("tcp://127.0.0.1:*");
            FaultProxy pushProxy = FaultProxy.to(pull.lastEndpoint());
            proxies.add(pushProxy);
            ZmqSocket push = curveClient(socket(clients, SocketType.PUSH));
            push.connect(pushProxy.endpoint());
            lanes.add(new NumberedStreamLane("push-pull tcp curve", push, pull, null, 100, PACE, new ProxyFaultCycle(pushProxy, 0)));

            // DEALER↔ROUTER echo, tcp, NULL, through a second proxy
            ZmqSocket router = socket(servers, SocketType.ROUTER);
            router.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0); // a ROUTER drops at its HWM: not what is counted
            router.bind("tcp://127.0.0.1:*");
            FaultProxy dealerProxy = FaultProxy.to(router.lastEndpoint());
            proxies.add(dealerProxy);
            ZmqSocket dealer = socket(clients, SocketType.DEALER);
            dealer.connect(dealerProxy.endpoint());
            lanes.add(new NumberedStreamLane("dealer-router tcp", dealer, dealer, router, 100, PACE,
                    new ProxyFaultCycle(dealerProxy, 4)));

            // PAIR, tcp, the binding side unbinding and binding the same port again
            ZmqSocket pairServer = socket(servers, SocketType.PAIR);
            pairServer.bind("tcp://127.0.0.1:*");
            String pairEndpoint = pairServer.lastEndpoint();
            ZmqSocket pairClient = socket(clients, SocketType.PAIR);
            pairClient.connect(pairEndpoint);
            lanes.add(new NumberedStreamLane("pair tcp rebind", pairClient, pairServer, null, 2000, PACE, (step, lane) -> {
                if (step % 20 == 10) {
                    lane.connectionWillDrop();
                    pairServer.unbind(pairEndpoint);
                    Thread.sleep(200);
                    pairServer.bind(pairEndpoint);
                }
            }));

            // REQ→REP, ipc, the REP restarted at the same path, the REQ reopened
            lanes.add(new RequestReplyLane("req-rep ipc", servers, clients, "ipc://" + dir.resolve("soak-rep.sock"), 20, 30));

            // PUB→SUB, tcp, CURVE; XPUB→XSUB, inproc
            ZmqSocket pub = curveServer(socket(servers, SocketType.PUB));
            pub.bind("tcp://127.0.0.1:*");
            String pubEndpoint = pub.lastEndpoint();
            lanes.add(new PublishSubscribeLane("pub-sub tcp curve", pub, () -> {
                ZmqSocket sub = curveClient(socket(clients, SocketType.SUB));
                sub.connect(pubEndpoint);
                return sub;
            }, 16, PACE));
            ZmqSocket xpub = socket(servers, SocketType.XPUB);
            xpub.setOption(SocketOption.XPUB_VERBOSE, true);
            xpub.bind("inproc://soak-xpub");
            lanes.add(new PublishSubscribeLane("xpub-xsub inproc", xpub, () -> {
                ZmqSocket xsub = socket(servers, SocketType.XSUB);
                xsub.connect("inproc://soak-xpub");
                return xsub;
            }, 18, PACE));

            System.out.println("[soak] mixed traffic for " + DURATION + " on " + lanes.size() + " lanes");
            try (ResourceSampler sampler = new ResourceSampler(SAMPLE_EVERY)) {
                long end = System.nanoTime() + DURATION.toNanos();
                for (long step = 0; System.nanoTime() < end; step++) {
                    long next = System.nanoTime() + STEP.toNanos();
                    for (SoakLane lane : lanes) {
                        lane.step(step);
                    }
                    if (step % 120 == 119) {
                        lanes.forEach(l -> System.out.println("[soak] " + l.summary()));
                    }
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                }
                sampler.close();
                List<AssertionError> broken = new ArrayList<>();
                for (SoakLane lane : lanes) {
                    try {
                        lane.finish();
                    } catch (AssertionError e) {
                        broken.add(e);
                    }
                }
                if (!broken.isEmpty()) {
                    AssertionError first = broken.get(0);
                    broken.subList(1, broken.size()).forEach(first::addSuppressed);
                    throw first;
                }
                sampler.assertFlat(FLAT);
            } finally {
                lanes.forEach(SoakLane::close);
            }
        } finally {
            for (AutoCloseable p : proxies) {
                p.close();
            }
        }
    }

    private static ZmqSocket socket(ZmqContext ctx, SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(100));
        s.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(100));
        s.setOption(SocketOption.HEARTBEAT_TIMEOUT, Duration.ofSeconds(2));
        return s;
    }

    private ZmqSocket curveServer(ZmqSocket s) {
        s.setOption(SocketOption.CURVE_SERVER, true);
        s.setOption(SocketOption.CURVE_SECRET_KEY, serverKeys.secretKey());
        return s;
    }

    private ZmqSocket curveClient(ZmqSocket s) {
        s.setOption(SocketOption.CURVE_SERVER_KEY, serverKeys.publicKey());
        s.setOption(SocketOption.CURVE_PUBLIC_KEY, clientKeys.publicKey());
        s.setOption(SocketOption.CURVE_SECRET_KEY, clientKeys.secretKey());
        return s;
    }
}
