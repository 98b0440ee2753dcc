package io.monocoque.zmq.routing;

import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityTableTest {

    private final IdentityTable table = new IdentityTable();

    private static Pipe pipe() {
        return Pipe.pair(0, 0)[0];
    }

    private static byte[] id(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void generatedIdsStartWithAZeroByteAndNeverRepeat() {
        byte[] a = table.addGenerated(pipe());
        byte[] b = table.addGenerated(pipe());
        assertThat(a).hasSize(5).startsWith(0);
        assertThat(b).hasSize(5).startsWith(0).isNotEqualTo(a);
    }

    @Test
    void aPeerIsFoundByTheIdItWasGiven() {
        Pipe p = pipe();
        table.add(p, id("client"));
        assertThat(table.pipe(id("client"))).isSameAs(p);
        assertThat(table.inUse(id("client"))).isTrue();
        assertThat(table.id(p)).isEqualTo(id("client"));
    }

    @Test
    void takingAnIdAwayLeavesTheOldPeerAGeneratedOneAndFreesTheIdForANewcomer() {
        Pipe old = pipe();
        table.add(old, id("client"));
        assertThat(table.takeAway(id("client"))).isSameAs(old);
        assertThat(table.inUse(id("client"))).isFalse();
        assertThat(table.id(old)).startsWith(0).hasSize(5);
        Pipe newcomer = pipe();
        table.add(newcomer, id("client"));
        assertThat(table.pipe(id("client"))).isSameAs(newcomer);
    }

    @Test
    void aPeerThatLeftKeepsItsIdForWhatItSentUntilTheLastIsRead() {
        Pipe p = pipe();
        p.peer().write(ZmqMessage.of("one"));
        p.peer().write(ZmqMessage.of("two"));
        table.add(p, id("gone"));
        table.remove(p);
        assertThat(table.inUse(id("gone"))).as("free for others at once").isFalse();

        p.read();
        assertThat(table.idOfSender(p)).isEqualTo(id("gone"));
        p.read();
        assertThat(table.idOfSender(p)).isEqualTo(id("gone"));
        assertThat(table.contains(p)).as("forgotten after its last message").isFalse();
    }

    @Test
    void aPeerThatLeftWithNothingUnreadIsForgottenAtOnce() {
        Pipe p = pipe();
        table.add(p, id("gone"));
        table.remove(p);
        assertThat(table.contains(p)).isFalse();
    }
}
