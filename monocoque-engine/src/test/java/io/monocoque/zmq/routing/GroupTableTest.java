package io.monocoque.zmq.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupTableTest {

    private static List<String> members(GroupTable<String> t, String group) {
        List<String> l = new ArrayList<>();
        t.match(group, l::add);
        return l;
    }

    @Test
    void matchesExactlyNotByPrefix() {
        GroupTable<String> t = new GroupTable<>();
        t.join("Movies", "a");
        t.join("Movie", "b");
        assertThat(members(t, "Movies")).containsExactly("a");
        assertThat(members(t, "Movie")).containsExactly("b");
        assertThat(members(t, "MoviesX")).isEmpty();
        assertThat(members(t, "")).isEmpty();
    }

    @Test
    void aMemberJoiningTwiceIsMatchedOnceAndOneLeaveRemovesIt() {
        GroupTable<String> t = new GroupTable<>();
        assertThat(t.join("g", "a")).isTrue();
        assertThat(t.join("g", "a")).isFalse();
        assertThat(members(t, "g")).containsExactly("a");
        assertThat(t.leave("g", "a")).isTrue();
        assertThat(t.leave("g", "a")).isFalse();
        assertThat(members(t, "g")).isEmpty();
        assertThat(t.isEmpty()).isTrue();
    }

    @Test
    void removingAMemberTakesItOutOfEveryGroupAndLeavesTheOthers() {
        GroupTable<String> t = new GroupTable<>();
        t.join("x", "a");
        t.join("y", "a");
        t.join("x", "b");
        t.removeAll("a");
        assertThat(members(t, "x")).containsExactly("b");
        assertThat(members(t, "y")).isEmpty();
        t.removeAll("b");
        assertThat(t.isEmpty()).isTrue();
    }
}
