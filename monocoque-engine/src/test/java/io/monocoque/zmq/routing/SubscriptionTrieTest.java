package io.monocoque.zmq.routing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubscriptionTrieTest {

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void emptyTrieMatchesNothing() {
        SubscriptionTrie trie = new SubscriptionTrie();
        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie.size()).isZero();
        assertThat(trie.matches(b(""))).isFalse();
        assertThat(trie.matches(b("anything"))).isFalse();
    }

    @Test
    void emptyPrefixMatchesEverything() {
        SubscriptionTrie trie = new SubscriptionTrie();
        assertThat(trie.add(b(""))).isTrue();
        assertThat(trie.matches(b(""))).isTrue();
        assertThat(trie.matches(b("x"))).isTrue();
        assertThat(trie.matches(new byte[] {(byte) 0xff, 0})).isTrue();
    }

    @Test
    void matchesEveryTopicThatStartsWithAPrefix() {
        SubscriptionTrie trie = new SubscriptionTrie();
        trie.add(b("abc"));
        assertThat(trie.matches(b("abc"))).isTrue();
        assertThat(trie.matches(b("abcdef"))).isTrue();
        assertThat(trie.matches(b("ab"))).isFalse();
        assertThat(trie.matches(b("abd"))).isFalse();
        assertThat(trie.matches(b("xabc"))).isFalse();
        assertThat(trie.matches(b(""))).isFalse();
    }

    @Test
    void matchesWhenAnyOfSeveralOverlappingPrefixesApplies() {
        SubscriptionTrie trie = new SubscriptionTrie();
        trie.add(b("market.data.eurusd"));
        trie.add(b("market.data.gbp"));
        trie.add(b("market.news"));
        assertThat(trie.matches(b("market.data.eurusd.bid"))).isTrue();
        assertThat(trie.matches(b("market.data.gbpjpy"))).isTrue();
        assertThat(trie.matches(b("market.news.fx"))).isTrue();
        assertThat(trie.matches(b("market.data.usd"))).isFalse();
        assertThat(trie.matches(b("market.data."))).isFalse();
        assertThat(trie.matches(b("market."))).isFalse();
    }

    @Test
    void matchesHonourOffsetAndLength() {
        SubscriptionTrie trie = new SubscriptionTrie();
        trie.add(b("abc"));
        byte[] frame = b("xxabcyy");
        assertThat(trie.matches(frame, 2, 3)).isTrue();
        assertThat(trie.matches(frame, 2, 2)).isFalse();
        assertThat(trie.matches(frame, 1, 4)).isFalse();
        assertThatThrownBy(() -> trie.matches(frame, 5, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void addReportsOnlyTheFirstSubscriptionAndRemoveOnlyTheLast() {
        SubscriptionTrie trie = new SubscriptionTrie();
        assertThat(trie.add(b("a"))).isTrue();
        assertThat(trie.add(b("a"))).isFalse();
        assertThat(trie.size()).isEqualTo(1);

        assertThat(trie.remove(b("a"))).isFalse();
        assertThat(trie.matches(b("a"))).isTrue();
        assertThat(trie.remove(b("a"))).isTrue();
        assertThat(trie.matches(b("a"))).isFalse();
        assertThat(trie.isEmpty()).isTrue();
    }

    @Test
    void removingAPrefixThatWasNeverAddedReturnsFalse() {
        SubscriptionTrie trie = new SubscriptionTrie();
        trie.add(b("abc"));
        trie.add(b("abd"));
        assertThat(trie.remove(b("ab"))).isFalse(); // exists only as a shared branch point
        assertThat(trie.remove(b("abcd"))).isFalse();
        assertThat(trie.remove(b("zzz"))).isFalse();
        assertThat(trie.remove(b(""))).isFalse();
        assertThat(trie.size()).isEqualTo(2);
        assertThat(trie.matches(b("abc"))).isTrue();
        assertThat(trie.matches(b("abd"))).isTrue();
    }

    @Test
    void removingAPrefixKeepsLongerAndShorterOnesMatching() {
        SubscriptionTrie trie = new SubscriptionTrie();
        trie.add(b("a"));
        trie.add(b("abc"));
        trie.add(b("abcde"));
        trie.remove(b("abc"));
        assertThat(trie.matches(b("abcdef"))).isTrue();
        assertThat(trie.matches(b("ax"))).isTrue();
        trie.remove(b("a"));
        assertThat(trie.matches(b("abcd"))).isFalse();
        assertThat(trie.matches(b("abcde"))).isTrue();
        assertThat(trie.nodeCount()).isEqualTo(2);
    }

    @Test
    void forEachVisitsEachPrefixOnceInUnsignedByteOrder() {
        SubscriptionTrie trie = new SubscriptionTrie();
        trie.add(new byte[] {(byte) 0x80});
        trie.add(b("b"));
        trie.add(b("ab"));
        trie.add(b("ab"));
        trie.add(b("a"));
        trie.add(b(""));
        List<String> seen = new ArrayList<>();
        trie.forEach(p -> seen.add(p.length == 1 && p[0] == (byte) 0x80 ? "0x80" : new String(p, UTF_8)));
        assertThat(seen).containsExactly("", "a", "ab", "b", "0x80");
    }

    @Test
    void forEachActionMayModifyTheTrie() {
        SubscriptionTrie trie = new SubscriptionTrie();
        trie.add(b("a"));
        trie.add(b("ab"));
        trie.add(b("b"));
        List<String> seen = new ArrayList<>();
        trie.forEach(p -> {
            seen.add(new String(p, UTF_8));
            trie.remove(p);
        });
        assertThat(seen).containsExactly("a", "ab", "b");
        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie.nodeCount()).isEqualTo(1);
    }

    @Test
    void removingEverySubscriptionReturnsTheTrieToItsRoot() {
        SubscriptionTrie trie = new SubscriptionTrie();
        List<byte[]> topics = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            topics.add(b(String.format("feed.%d.%05d", i % 7, i)));
        }
        topics.forEach(trie::add);
        assertThat(trie.size()).isEqualTo(10_000);
        for (byte[] topic : topics) {
            assertThat(trie.matches(topic)).isTrue();
        }
        topics.forEach(trie::remove);
        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie.nodeCount()).isEqualTo(1);
        assertThat(trie.matches(b("feed.1.00001"))).isFalse();
    }

    @Test
    void behavesLikeANaiveCountedPrefixSetUnderRandomChurn() {
        Random random = new Random(42);
        SubscriptionTrie trie = new SubscriptionTrie();
        Map<ByteBuffer, Integer> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            byte[] prefix = randomBytes(random, 4);
            ByteBuffer key = ByteBuffer.wrap(prefix);
            if (random.nextInt(3) > 0) {
                int before = model.getOrDefault(key, 0);
                assertThat(trie.add(prefix)).isEqualTo(before == 0);
                model.put(key, before + 1);
            } else {
                int before = model.getOrDefault(key, 0);
                assertThat(trie.remove(prefix)).isEqualTo(before == 1);
                if (before == 1) {
                    model.remove(key);
                } else if (before > 1) {
                    model.put(key, before - 1);
                }
            }
            byte[] data = randomBytes(random, 6);
            assertThat(trie.matches(data)).isEqualTo(naiveMatches(model, data));
            assertThat(trie.size()).isEqualTo(model.size());
            // Pruning keeps every non-root node either present or a branch point.
            assertThat(trie.nodeCount()).isLessThanOrEqualTo(2 * trie.size() + 1);
        }
        List<ByteBuffer> visited = new ArrayList<>();
        trie.forEach(p -> visited.add(ByteBuffer.wrap(p)));
        assertThat(visited).containsExactlyInAnyOrderElementsOf(model.keySet());
    }

    /** Short strings over a 3-letter alphabet, so prefixes collide, share and split edges often. */
    static byte[] randomBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(3));
        }
        return bytes;
    }

    private static boolean naiveMatches(Map<ByteBuffer, Integer> model, byte[] data) {
        for (ByteBuffer prefix : model.keySet()) {
            if (prefix.remaining() <= data.length
                    && ByteBuffer.wrap(data, 0, prefix.remaining()).equals(prefix)) {
                return true;
            }
        }
        return false;
    }
}
