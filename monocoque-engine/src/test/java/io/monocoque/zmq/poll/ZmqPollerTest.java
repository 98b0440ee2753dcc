package io.monocoque.zmq.poll;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqPollItem;
import io.monocoque.zmq.ZmqPoller;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.monocoque.zmq.ZmqPoller.POLLERR;
import static io.monocoque.zmq.ZmqPoller.POLLIN;
import static io.monocoque.zmq.ZmqPoller.POLLOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ZmqPollerTest extends PollTestSockets {

    private static final Duration FOREVER = Duration.ofMillis(-1);

    @Test
    void pollReturnsTheReadySocketsOnlyAndKeepsReturningThemWhileMessagesRemain() {
        ZmqSocket quiet = socket(SocketType.PULL);
        ZmqSocket busy = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pair(quiet, socket(SocketType.PUSH));
        pair(busy, push);
        try (ZmqPoller poller = new ZmqPoller()) {
            ZmqPollItem quietItem = poller.register(quiet, POLLIN);
            ZmqPollItem busyItem = poller.register(busy, POLLIN);
            assertThat(poller.poll(Duration.ZERO)).isEmpty();

            push.send("one");
            push.send("two");
            assertThat(poller.poll(TIMEOUT)).containsExactly(busyItem);
            assertThat(poller.poll(TIMEOUT)).as("level-triggered: not consumed, still ready").containsExactly(busyItem);
            assertThat(busy.tryReceive().frameString(0)).isEqualTo("one");
            assertThat(poller.poll(TIMEOUT)).as("one message left").containsExactly(busyItem);
            assertThat(busyItem.isReadable()).isTrue();
            assertThat(busyItem.readyEvents()).isEqualTo(POLLIN);
            assertThat(quietItem.readyEvents()).isZero();
            busy.tryReceive();
            assertThat(poller.poll(Duration.ZERO)).isEmpty();
            assertThat(busyItem.isReadable()).isFalse();
        }
    }

    @Test
    void aWaitingPollWakesWhenAMessageArrivesOverTcp() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pairOverTcp(pull, push);
        try (ZmqPoller poller = new ZmqPoller()) {
            ZmqPollItem item = poller.register(pull, POLLIN);
            CompletableFuture<List<ZmqPollItem>> polled = CompletableFuture.supplyAsync(() -> new ArrayList<>(poller.poll(FOREVER)));
            Thread.sleep(100); // let it wait; it must not return before the message
            assertThat(polled).isNotDone();
            push.send("wake");
            assertThat(polled.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly(item);
        }
    }

    @Test
    void aWaitingPollUsesNoCpuWhileNothingHappens() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isCurrentThreadCpuTimeSupported());
        ZmqSocket pull = socket(SocketType.PULL);
        pairOverTcp(pull, socket(SocketType.PUSH));
        try (ZmqPoller poller = new ZmqPoller()) {
            poller.register(pull, POLLIN);
            long cpuBefore = bean.getCurrentThreadCpuTime();
            long wallBefore = System.nanoTime();
            assertThat(poller.poll(Duration.ofMillis(500))).isEmpty();
            long wall = System.nanoTime() - wallBefore;
            long cpu = bean.getCurrentThreadCpuTime() - cpuBefore;
            assertThat(wall).as("the poll waits out its timeout").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
            // A loop that polled instead of sleeping would burn close to the whole 500 ms.
            assertThat(cpu).as("CPU time of a 500 ms wait").isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void aWaitingPollWakesWhenAFullPeerMakesRoom() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        pair(pull, push);
        while (push.trySend(ZmqMessage.of("fill"))) {
            // up to the high-water mark
        }
        try (ZmqPoller poller = new ZmqPoller()) {
            ZmqPollItem item = poller.register(push, POLLOUT);
            assertThat(poller.poll(Duration.ZERO)).isEmpty();
            CompletableFuture<List<ZmqPollItem>> polled = CompletableFuture.supplyAsync(() -> new ArrayList<>(poller.poll(FOREVER)));
            Thread.sleep(100);
            assertThat(polled).isNotDone();
            while (pull.tryReceive() != null) {
                // the last, empty read tells the PUSH it has room
            }
            assertThat(polled.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly(item);
            assertThat(item.isWritable()).isTrue();
        }
    }

    @Test
    void aPollWaitingForARepToBeWritableWakesWhenAnotherThreadTakesTheRequest() throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        ZmqSocket req = socket(SocketType.REQ);
        pair(rep, req);
        try (ZmqPoller poller = new ZmqPoller()) {
            ZmqPollItem item = poller.register(rep, POLLOUT);
            CompletableFuture<List<ZmqPollItem>> polled = CompletableFuture.supplyAsync(() -> new ArrayList<>(poller.poll(FOREVER)));
            req.send("request");
            Thread.sleep(100);
            assertThat(polled).as("a REP with a request queued is not writable yet").isNotDone();
            assertThat(rep.receive(TIMEOUT).frameString(0)).isEqualTo("request");
            assertThat(polled.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly(item);
        }
    }

    @Test
    void socketsAndChannelsArePolledTogether() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pairOverTcp(pull, push);
        Pipe pipe = Pipe.open();
        try (ZmqPoller poller = new ZmqPoller(); Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            sink.configureBlocking(false);
            ZmqPollItem socketItem = poller.register(pull, POLLIN);
            ZmqPollItem sourceItem = poller.register(source, POLLIN);
            ZmqPollItem sinkItem = poller.register(sink, POLLOUT);
            assertThat(poller.poll(Duration.ZERO)).containsExactly(sinkItem);
            sinkItem.setEvents(0);
            assertThat(poller.poll(Duration.ZERO)).isEmpty();
            assertThat(poller.unregister(sink)).isTrue();
            assertThat(poller.unregister(sink)).isFalse();
            assertThat(poller.size()).isEqualTo(2);
            sinkItem = poller.register(sink, POLLOUT); // again, before any poll let the selector forget it
            assertThat(poller.poll(Duration.ZERO)).containsExactly(sinkItem);
            poller.unregister(sinkItem);

            sink.write(ByteBuffer.wrap(new byte[] {1, 2}));
            assertThat(poller.poll(TIMEOUT)).containsExactly(sourceItem);
            source.read(ByteBuffer.allocate(1));
            assertThat(poller.poll(TIMEOUT)).as("one byte left: still readable").containsExactly(sourceItem);
            source.read(ByteBuffer.allocate(1));
            assertThat(poller.poll(Duration.ZERO)).isEmpty();

            // A socket wakes a poll that sleeps in the selector.
            CompletableFuture<List<ZmqPollItem>> polled = CompletableFuture.supplyAsync(() -> new ArrayList<>(poller.poll(FOREVER)));
            Thread.sleep(100);
            assertThat(polled).isNotDone();
            push.send("wake");
            assertThat(polled.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly(socketItem);
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void manyVirtualThreadsWaitInPollsWithoutHoldingTheirCarriers() throws Exception {
        int pollers = 64; // far more than the carrier threads: a poll that pinned its carrier would stall the rest
        List<ZmqSocket> pushes = new ArrayList<>();
        List<ZmqSocket> pulls = new ArrayList<>();
        for (int i = 0; i < pollers; i++) {
            ZmqSocket pull = socket(SocketType.PULL);
            ZmqSocket push = socket(SocketType.PUSH);
            pair(pull, push);
            pulls.add(pull);
            pushes.add(push);
        }
        Pipe pipe = Pipe.open();
        ExecutorService virtual = virtualThreadPerTaskExecutor();
        try (AutoCloseable stopVirtual = virtual::shutdownNow; Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < pollers; i++) {
                ZmqSocket pull = pulls.get(i);
                boolean withChannel = i == 0; // one of them sleeps in a selector instead of a park
                results.add(virtual.submit(() -> {
                    assertThat(Thread.currentThread()).matches(ZmqPollerTest::isVirtual, "a virtual thread");
                    try (ZmqPoller poller = new ZmqPoller()) {
                        ZmqPollItem item = poller.register(pull, POLLIN);
                        if (withChannel) {
                            poller.register(source, POLLIN);
                        }
                        assertThat(poller.poll(FOREVER)).containsExactly(item);
                        return pull.tryReceive().frameString(0);
                    }
                }));
            }
            Thread.sleep(200); // every poller is waiting by now, or soon: none may have returned
            for (Future<String> f : results) {
                assertThat(f).isNotDone();
            }
            for (int i = 0; i < pollers; i++) {
                pushes.get(i).send("to " + i);
            }
            for (int i = 0; i < pollers; i++) {
                assertThat(results.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("to " + i);
            }
            assertThat(sink.isOpen()).isTrue();
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aVirtualThreadPollsSocketsAndChannelsWithTimeouts() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pairOverTcp(pull, push);
        Pipe pipe = Pipe.open();
        ExecutorService virtual = virtualThreadPerTaskExecutor();
        try (AutoCloseable stopVirtual = virtual::shutdownNow; Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            Future<List<String>> seen = virtual.submit(() -> {
                List<String> what = new ArrayList<>();
                try (ZmqPoller poller = new ZmqPoller()) {
                    ZmqPollItem socketItem = poller.register(pull, POLLIN);
                    ZmqPollItem channelItem = poller.register(source, POLLIN);
                    what.add("timeout:" + poller.poll(Duration.ofMillis(50)).size());
                    while (what.size() < 3) {
                        for (ZmqPollItem item : poller.poll(TIMEOUT)) {
                            if (item == socketItem) {
                                what.add("socket:" + pull.tryReceive().frameString(0));
                            } else if (item == channelItem) {
                                ByteBuffer b = ByteBuffer.allocate(8);
                                source.read(b);
                                what.add("channel:" + b.position());
                            }
                        }
                    }
                }
                return what;
            });
            Thread.sleep(150);
            push.send("hi");
            Thread.sleep(50);
            sink.write(ByteBuffer.wrap(new byte[3]));
            assertThat(seen.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly("timeout:0", "socket:hi", "channel:3");
        }
    }

    @Test
    void aPollAllocatesNothingInSteadyState() throws Exception {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        var hotspot = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(hotspot.isThreadAllocatedMemorySupported());
        hotspot.setThreadAllocatedMemoryEnabled(true);

        ZmqSocket readable = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pair(readable, push);
        push.send("stays queued");
        ZmqSocket idle = socket(SocketType.PULL);
        pairOverTcp(idle, socket(SocketType.PUSH));
        ZmqSocket router = socket(SocketType.ROUTER);
        ZmqSocket dealer = socket(SocketType.DEALER);
        pair(router, dealer);
        dealer.send(ZmqMessage.of("stays", "queued"));
        ZmqSocket sub = socket(SocketType.SUB);
        pair(socket(SocketType.PUB), sub);
        sub.subscribe("");
        Pipe pipe = Pipe.open();
        try (ZmqPoller poller = new ZmqPoller(); Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            sink.write(ByteBuffer.wrap(new byte[1]));
            poller.register(readable, POLLIN);
            poller.register(idle, POLLIN);
            poller.register(router, POLLIN | POLLOUT);
            poller.register(dealer, POLLIN | POLLOUT);
            poller.register(sub, POLLIN);
            poller.register(source, POLLIN);
            Function<Integer, Integer> polls = n -> {
                int ready = 0;
                for (int i = 0; i < n; i++) {
                    ready += poller.poll(Duration.ZERO).size();
                }
                return ready;
            };
            // Long enough for the JIT to compile the path.
            assertThat(polls.apply(20_000)).isEqualTo(20_000 * 4);
            long before = hotspot.getCurrentThreadAllocatedBytes();
            int ready = polls.apply(2_000);
            long allocated = hotspot.getCurrentThreadAllocatedBytes() - before;
            assertThat(ready).isEqualTo(2_000 * 4);
            // One 16-byte object per poll would already be 32 KB.
            assertThat(allocated).as("bytes allocated by 2000 polls of 6 sockets and a channel").isLessThan(8 * 1024);
        }
    }

    @Test
    void aPollWokenByPeersAllocatesNothing() throws Exception {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        var hotspot = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(hotspot.isThreadAllocatedMemorySupported());
        hotspot.setThreadAllocatedMemoryEnabled(true);

        ZmqSocket in = socket(SocketType.PULL);
        ZmqSocket toPoller = socket(SocketType.PUSH);
        pairOverTcp(in, toPoller);
        ZmqSocket out = socket(SocketType.PUSH);
        ZmqSocket fromPoller = socket(SocketType.PULL);
        pairOverTcp(fromPoller, out);
        int warmup = 3_000;
        int measured = 1_000;
        // The echo: each message goes back only once the poller has passed it on, so each of
        // the poller's polls finds nothing at first and sleeps until the next one arrives.
        Thread echo = new Thread(() -> {
            toPoller.send("go");
            for (int i = 0; i < warmup + measured - 1; i++) {
                toPoller.sendWrapped(fromPoller.receiveBytes());
            }
        }, "poll-echo");
        echo.setDaemon(true);
        echo.start();
        try (ZmqPoller poller = new ZmqPoller()) {
            poller.register(in, POLLIN);
            long inPolls = 0;
            for (int i = 0; i < warmup + measured; i++) {
                long before = i >= warmup ? hotspot.getCurrentThreadAllocatedBytes() : 0;
                int ready = poller.poll(FOREVER).size();
                if (i >= warmup) {
                    inPolls += hotspot.getCurrentThreadAllocatedBytes() - before;
                }
                assertThat(ready).isEqualTo(1);
                out.sendWrapped(in.tryReceiveBytes());
            }
            echo.join(TIMEOUT.toMillis());
            assertThat(inPolls).as("bytes allocated by %d polls that each slept until a message came", measured).isLessThan(8 * 1024);
        }
    }

    @Test
    void theOneShotPollSetsTheReadyEventsOfEachItem() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pair(pull, push);
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            ZmqPollItem[] items = {new ZmqPollItem(pull, POLLIN), new ZmqPollItem(push, POLLOUT), new ZmqPollItem(source, POLLIN)};
            assertThat(ZmqPoller.poll(items, TIMEOUT)).isEqualTo(1);
            assertThat(items[1].readyEvents()).isEqualTo(POLLOUT);
            assertThat(items[0].readyEvents()).isZero();

            items[1].setEvents(0);
            long start = System.nanoTime();
            assertThat(ZmqPoller.poll(items, 50)).as("nothing ready within 50 ms").isZero();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));

            push.send("m");
            sink.write(ByteBuffer.wrap(new byte[1]));
            assertThat(ZmqPoller.poll(items, -1)).isEqualTo(2);
            assertThat(items[0].isReadable()).isTrue();
            assertThat(items[2].isReadable()).isTrue();
            assertThat(items[1].readyEvents()).isZero();
            // The items are free again: a poller may take them, and the next one-shot reuses them.
            assertThat(ZmqPoller.poll(items, 0)).isEqualTo(2);
        }
    }

    @Test
    void aClosedSocketIsReportedAsAnErrorAndWakesAWaitingPoll() throws Exception {
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.bind(inproc());
        try (ZmqPoller poller = new ZmqPoller()) {
            ZmqPollItem item = poller.register(pull, POLLIN);
            CompletableFuture<List<ZmqPollItem>> polled = CompletableFuture.supplyAsync(() -> new ArrayList<>(poller.poll(FOREVER)));
            Thread.sleep(100);
            assertThat(polled).isNotDone();
            pull.close();
            assertThat(polled.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly(item);
            assertThat(item.readyEvents()).isEqualTo(POLLERR);
            assertThat(item.hasError()).isTrue();
        }
    }

    @Test
    void closingTheContextStopsAPollLoopInAnotherThread() throws Exception {
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        ZmqSocket sub = ctx.createSocket(SocketType.SUB);
        pull.bind(inproc());
        sub.bind(inproc());
        try (ZmqPoller poller = new ZmqPoller()) {
            ZmqPollItem pullItem = poller.register(pull, POLLIN);
            ZmqPollItem subItem = poller.register(sub, POLLIN);
            CompletableFuture<Integer> loop = CompletableFuture.supplyAsync(() -> {
                int polls = 0;
                while (!pullItem.hasError()) {
                    poller.poll(FOREVER);
                    polls++;
                }
                return polls;
            });
            Thread.sleep(100);
            assertThat(loop).isNotDone();
            ctx.close();
            assertThat(loop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isPositive();
            assertThat(poller.poll(Duration.ZERO)).containsExactly(pullItem, subItem);
            assertThat(subItem.readyEvents()).isEqualTo(POLLERR);
        }
    }

    @Test
    void aClosedChannelIsReportedAsAnError() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.sink().close();
        Pipe.SourceChannel source = pipe.source();
        source.configureBlocking(false);
        try (ZmqPoller poller = new ZmqPoller()) {
            ZmqPollItem item = poller.register(source, 0);
            assertThat(poller.poll(Duration.ZERO)).isEmpty();
            source.close();
            assertThat(poller.poll(Duration.ZERO)).containsExactly(item);
            assertThat(item.readyEvents()).isEqualTo(POLLERR);
        }
    }

    @Test
    void anInterruptedPollFailsWithEintr() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(inproc());
        try (ZmqPoller poller = new ZmqPoller()) {
            poller.register(pull, POLLIN);
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    poller.poll(FOREVER);
                    failure.complete(null);
                } catch (Throwable e) {
                    failure.complete(e);
                }
            });
            t.start();
            Thread.sleep(100);
            t.interrupt();
            assertThat(failure.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINTR));
            t.join();
        }
    }

    @Test
    void aSocketIsRegisteredOnceAndReportedNoMoreOnceUnregistered() {
        ZmqSocket pub = socket(SocketType.PUB);
        try (ZmqPoller poller = new ZmqPoller()) {
            ZmqPollItem item = poller.register(pub, POLLOUT);
            assertThatThrownBy(() -> poller.register(pub, POLLIN))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
            assertThatThrownBy(() -> ZmqPoller.poll(new ZmqPollItem[] {item}, 0))
                    .as("an item belongs to one poller at a time")
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
            assertThatThrownBy(() -> poller.register(socket(SocketType.SUB), 8)).isInstanceOf(ZmqException.class).hasMessageContaining("POLLIN");
            assertThat(poller.poll(Duration.ZERO)).containsExactly(item);
            assertThat(poller.unregister(pub)).isTrue();
            assertThat(poller.unregister(item)).isFalse();
            assertThat(poller.size()).isZero();
            assertThat(poller.poll(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aBlockingChannelIsRefused() throws IOException {
        Pipe pipe = Pipe.open();
        try (ZmqPoller poller = new ZmqPoller(); Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            assertThatThrownBy(() -> poller.register(source, POLLIN)).isInstanceOf(java.nio.channels.IllegalBlockingModeException.class);
            assertThat(poller.size()).isZero();
            assertThat(sink.isOpen()).isTrue();
        }
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
