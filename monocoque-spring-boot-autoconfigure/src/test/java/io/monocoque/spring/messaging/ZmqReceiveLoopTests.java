package io.monocoque.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.core.task.TaskExecutor;

/** The one receive loop: blocked without a timeout, woken for stop and pause, draining on demand. */
class ZmqReceiveLoopTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Runs each task on a new platform thread and remembers the threads. */
    private static final class Threads implements TaskExecutor {
        final List<Thread> started = new CopyOnWriteArrayList<>();

        @Override
        public void execute(Runnable task) {
            Thread t = new Thread(task, "loop-test");
            started.add(t);
            t.start();
        }
    }

    @Test
    void anIdleLoopWaitsWithoutATimeoutAndStopsAtOnceWhenAsked() throws Exception {
        try (ZmqContext zmq = ZmqContext.create(); ZmqSocket pull = zmq.createSocket(SocketType.PULL)) {
            pull.bind("inproc://loop-idle");
            Threads threads = new Threads();
            ZmqReceiveLoop loop = new ZmqReceiveLoop("test loop", pull, m -> { });
            loop.start(threads, 2);
            // Parked with no deadline: a loop that polled for a stop would be TIMED_WAITING.
            await().atMost(WAIT).until(() -> threads.started.size() == 2
                    && threads.started.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
            assertThat(loop.stop(WAIT)).isTrue();
            for (Thread t : threads.started) {
                t.join(WAIT.toMillis());
                assertThat(t.isAlive()).isFalse();
                assertThat(t.isInterrupted()).as("the loop's own interrupt is cleared").isFalse();
            }
        }
    }

    @Test
    void aPausedLoopTakesNothingUntilResumed() throws Exception {
        try (ZmqContext zmq = ZmqContext.create(); ZmqSocket pull = zmq.createSocket(SocketType.PULL);
                ZmqSocket push = zmq.createSocket(SocketType.PUSH)) {
            pull.bind("inproc://loop-pause");
            push.connect("inproc://loop-pause");
            List<String> seen = new CopyOnWriteArrayList<>();
            Threads threads = new Threads();
            ZmqReceiveLoop loop = new ZmqReceiveLoop("test loop", pull, m -> seen.add(m.frameString(0)));
            loop.start(threads, 1);
            push.send("before");
            await().atMost(WAIT).until(() -> seen.contains("before"));
            loop.pause();
            assertThat(loop.isPaused()).isTrue();
            await().atMost(WAIT).until(() -> threads.started.get(0).getState() == Thread.State.WAITING);
            push.send("while paused");
            // The message stays in the socket for whoever reads it: here the test, not the paused loop.
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("while paused");
            assertThat(seen).containsExactly("before");
            loop.resume();
            push.send("after");
            await().atMost(WAIT).until(() -> seen.contains("after"));
            assertThat(loop.stop(WAIT)).isTrue();
        }
    }

    @Test
    void quickPausesAndResumesLeaveTheThreadWaitingQuietlyAndReceiving() throws Exception {
        try (ZmqContext zmq = ZmqContext.create(); ZmqSocket pull = zmq.createSocket(SocketType.PULL);
                ZmqSocket push = zmq.createSocket(SocketType.PUSH)) {
            pull.bind("inproc://loop-flip");
            push.connect("inproc://loop-flip");
            List<String> seen = new CopyOnWriteArrayList<>();
            Threads threads = new Threads();
            ZmqReceiveLoop loop = new ZmqReceiveLoop("test loop", pull, m -> seen.add(m.frameString(0)));
            loop.start(threads, 1);
            for (int i = 0; i < 200; i++) {
                loop.pause();
                loop.resume();
            }
            // A wake-up interrupt left behind would make every receive fail at once: a spinning, RUNNABLE thread.
            await().atMost(WAIT).until(() -> threads.started.get(0).getState() == Thread.State.WAITING);
            push.send("still here");
            await().atMost(WAIT).until(() -> seen.contains("still here"));
            assertThat(loop.stop(WAIT)).isTrue();
        }
    }

    @Test
    void aThreadInterruptedFromOutsideStopsInsteadOfSpinning() throws Exception {
        try (ZmqContext zmq = ZmqContext.create(); ZmqSocket pull = zmq.createSocket(SocketType.PULL)) {
            pull.bind("inproc://loop-foreign");
            Threads threads = new Threads();
            ZmqReceiveLoop loop = new ZmqReceiveLoop("test loop", pull, m -> { });
            loop.start(threads, 1);
            Thread t = threads.started.get(0);
            await().atMost(WAIT).until(() -> t.getState() == Thread.State.WAITING);
            t.interrupt(); // as an executor shutting down would
            t.join(WAIT.toMillis());
            assertThat(t.isAlive()).isFalse();
            loop.stop(WAIT);
        }
    }

    @Test
    void stopAndDrainHandlesWhatIsQueuedButWaitsForNothingMore() throws Exception {
        try (ZmqContext zmq = ZmqContext.create(); ZmqSocket pull = zmq.createSocket(SocketType.PULL);
                ZmqSocket push = zmq.createSocket(SocketType.PUSH)) {
            pull.bind("inproc://loop-drain");
            push.connect("inproc://loop-drain");
            List<String> seen = new CopyOnWriteArrayList<>();
            ZmqReceiveLoop loop = new ZmqReceiveLoop("test loop", pull, m -> seen.add(m.frameString(0)));
            loop.start(new Threads(), 1);
            loop.pause();
            for (int i = 0; i < 5; i++) {
                push.send("q" + i);
            }
            assertThat(loop.stopAndDrain(WAIT)).isTrue();
            assertThat(seen).containsExactly("q0", "q1", "q2", "q3", "q4");
        }
    }
}
