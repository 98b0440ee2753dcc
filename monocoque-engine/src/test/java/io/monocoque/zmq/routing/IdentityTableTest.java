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

    @Test
    void numberedIdsAreNonzeroDistinctAndFindTheirPeer() {
        Pipe a = pipe();
        Pipe b = pipe();
        int ia = table.addNumbered(a);
        int ib = table.addNumbered(b);
        assertThat(ia).isNotZero();
        assertThat(ib).isNotZero().isNotEqualTo(ia);
        assertThat(table.pipe(ia)).isSameAs(a);
        assertThat(table.pipe(ib)).isSameAs(b);
        assertThat(table.number(a)).isEqualTo(ia);
        assertThat(table.pipe(0)).isNull();
        assertThat(table.pipe(ia + ib)).isNull();
    }

    @Test
    void numberedIdsNeverRepeatWhileInUse() {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(table.addNumbered(pipe()))).isTrue();
        }
        assertThat(seen).doesNotContain(0);
    }

    @Test
    void aNumberedPeerThatLeftKeepsItsIdForWhatItSentUntilTheLastIsRead() {
        Pipe p = pipe();
        p.peer().write(ZmqMessage.of("one"));
        p.peer().write(ZmqMessage.of("two"));
        int id = table.addNumbered(p);
        table.remove(p);
        assertThat(table.pipe(id)).as("unreachable at once").isNull();

        p.read();
        assertThat(table.numberOfSender(p)).isEqualTo(id);
        p.read();
        assertThat(table.numberOfSender(p)).isEqualTo(id);
        assertThat(table.number(p)).as("forgotten after its last message").isZero();
    }

    @Test
    void aTableThatNeverNumberedAPeerIsAsItWasForRouter() {
        Pipe p = pipe();
        table.add(p, id("r"));
        table.remove(p);
        assertThat(table.number(p)).isZero();
        assertThat(table.pipe(1)).isNull();
    }
}
