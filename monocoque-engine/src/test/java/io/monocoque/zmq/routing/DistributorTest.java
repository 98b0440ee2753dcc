package io.monocoque.zmq.routing;

import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.Wakeups;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DistributorTest {

    private final Distributor distributor = new Distributor(new Wakeups());

    private Pipe attach(int hwm) {
        Pipe socketEnd = Pipe.pair(hwm, hwm)[0];
        distributor.attach(socketEnd);
        return socketEnd;
    }

    private static int drain(Pipe socketEnd) {
        return socketEnd.peer().discardUnread();
    }

    @Test
    void aMessageGoesToTheMatchedPipesOnly() {
        Pipe a = attach(10);
        Pipe b = attach(10);
        Pipe c = attach(10);
        distributor.match(a);
        distributor.match(c);
        assertThat(distributor.sendToMatched(ZmqMessage.of("m"))).isZero();
        assertThat(drain(a)).isEqualTo(1);
        assertThat(drain(b)).isZero();
        assertThat(drain(c)).isEqualTo(1);
        assertThat(distributor.sendToMatched(ZmqMessage.of("m"))).as("the selection was cleared").isZero();
        assertThat(drain(a) + drain(c)).isZero();
    }

    @Test
    void aPipeAtItsHighWaterMarkLosesTheMessageAndIsCounted() {
        Pipe full = attach(1);
        Pipe roomy = attach(10);
        for (int i = 0; i < 3; i++) {
            distributor.match(full);
            distributor.match(roomy);
            assertThat(distributor.sendToMatched(ZmqMessage.of("m" + i))).isEqualTo(i == 0 ? 0 : 1);
        }
        assertThat(drain(full)).isEqualTo(1);
        assertThat(drain(roomy)).isEqualTo(3);
    }

    @Test
    void invertingSelectsEveryOtherAttachedPipe() {
        Pipe a = attach(10);
        Pipe b = attach(10);
        Pipe c = attach(10);
        distributor.match(b);
        distributor.invertMatch();
        distributor.sendToMatched(ZmqMessage.of("m"));
        assertThat(drain(a)).isEqualTo(1);
        assertThat(drain(b)).isZero();
        assertThat(drain(c)).isEqualTo(1);
    }

    @Test
    void aLosslessSenderIsToldToWaitWhileASelectedPipeIsFull() {
        Pipe full = attach(1);
        Pipe roomy = attach(10);
        distributor.match(full);
        distributor.sendToMatched(ZmqMessage.of("first"));
        distributor.match(full);
        distributor.match(roomy);
        assertThat(distributor.matchedHaveRoom()).isFalse();
        distributor.unmatch();
        drain(full);
        // The reader's batch end owes the blocked writer a wake-up, which is how the socket retries.
        assertThat(full.peer().readBatchDone()).isTrue();
        distributor.match(full);
        assertThat(distributor.matchedHaveRoom()).isTrue();
    }

    @Test
    void aTerminatedPipeLeavesTheSelectionAndTheSet() {
        Pipe a = attach(10);
        Pipe b = attach(10);
        distributor.match(a);
        distributor.match(b);
        distributor.terminated(a);
        distributor.sendToMatched(ZmqMessage.of("m"));
        assertThat(drain(a)).isZero();
        assertThat(drain(b)).isEqualTo(1);
        assertThat(distributor.size()).isEqualTo(1);
        distributor.sendToAll(ZmqMessage.of("all"));
        assertThat(drain(a)).isZero();
        assertThat(drain(b)).isEqualTo(1);
    }
}
