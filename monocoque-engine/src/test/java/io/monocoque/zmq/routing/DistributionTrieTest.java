package io.monocoque.zmq.routing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DistributionTrieTest {

    /** Stands in for a pipe: identity matters, the name is for readable failures. */
    private static final class Sub {
        final String name;

        Sub(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<Sub> matches(DistributionTrie<Sub> trie, String data) {
        List<Sub> out = new ArrayList<>();
        trie.match(b(data), out::add);
        return out;
    }

    private final Sub alice = new Sub("alice");
    private final Sub bob = new Sub("bob");
    private final Sub carol = new Sub("carol");

    @Test
    void emptyTrieMatchesNobody() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie.prefixCount()).isZero();
        assertThat(matches(trie, "x")).isEmpty();
        assertThat(matches(trie, "")).isEmpty();
    }

    @Test
    void matchCallsEverySubscriberWithAPrefixOfTheMessage() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b(""), alice);
        trie.add(b("fx.eur"), bob);
        trie.add(b("fx.gbp"), carol);
        assertThat(matches(trie, "fx.eurusd")).containsExactlyInAnyOrder(alice, bob);
        assertThat(matches(trie, "fx.gbpusd")).containsExactlyInAnyOrder(alice, carol);
        assertThat(matches(trie, "fx.")).containsExactly(alice);
        assertThat(matches(trie, "")).containsExactly(alice);
    }

    @Test
    void matchHonoursOffsetAndLength() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b("abc"), alice);
        List<Sub> out = new ArrayList<>();
        byte[] frame = b("--abc--");
        trie.match(frame, 2, 3, out::add);
        trie.match(frame, 2, 2, out::add);
        assertThat(out).containsExactly(alice);
        assertThatThrownBy(() -> trie.match(frame, 6, 2, s -> { }))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void addReportsTrueOnlyForTheFirstSubscriberOfAPrefix() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        assertThat(trie.add(b("a"), alice)).isTrue();
        assertThat(trie.add(b("a"), bob)).isFalse();
        assertThat(trie.add(b("ab"), bob)).isTrue();
        assertThat(trie.prefixCount()).isEqualTo(2);
    }

    @Test
    void subscribingTwiceToAPrefixStoresTheSubscriberOnce() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        assertThat(trie.add(b("a"), alice)).isTrue();
        assertThat(trie.add(b("a"), alice)).isFalse();
        assertThat(matches(trie, "a")).containsExactly(alice);
        assertThat(trie.remove(b("a"), alice)).isTrue();
        assertThat(matches(trie, "a")).isEmpty();
        assertThat(trie.isEmpty()).isTrue();
    }

    @Test
    void removeReportsTrueOnlyWhenTheLastSubscriberLeaves() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b("a"), alice);
        trie.add(b("a"), bob);
        assertThat(trie.remove(b("a"), alice)).isFalse();
        assertThat(matches(trie, "a")).containsExactly(bob);
        assertThat(trie.remove(b("a"), bob)).isTrue();
        assertThat(trie.prefixCount()).isZero();
    }

    @Test
    void removingASubscriptionThatDoesNotExistReturnsFalse() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b("abc"), alice);
        trie.add(b("abd"), alice);
        assertThat(trie.remove(b("abc"), bob)).isFalse();
        assertThat(trie.remove(b("ab"), alice)).isFalse(); // only a branch point
        assertThat(trie.remove(b("x"), alice)).isFalse();
        assertThat(trie.prefixCount()).isEqualTo(2);
    }

    @Test
    void subscribersAreComparedByIdentityNotEquality() {
        DistributionTrie<String> trie = new DistributionTrie<>();
        String first = new String("pipe");
        String second = new String("pipe");
        assertThat(trie.add(b("t"), first)).isTrue();
        assertThat(trie.add(b("t"), second)).isFalse();
        List<String> out = new ArrayList<>();
        trie.match(b("t"), out::add);
        assertThat(out).hasSize(2);
        assertThat(trie.remove(b("t"), first)).isFalse();
    }

    @Test
    void matchCallsASubscriberOnceEvenWhenSeveralOfItsPrefixesMatch() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b(""), alice);
        trie.add(b("a"), alice);
        trie.add(b("ab"), alice);
        trie.add(b("ab"), bob);
        trie.add(b("abc"), bob);
        assertThat(matches(trie, "abcd")).containsExactlyInAnyOrder(alice, bob);
        // The dedup state is reset between matches.
        assertThat(matches(trie, "abcd")).containsExactlyInAnyOrder(alice, bob);
        assertThat(matches(trie, "a")).containsExactly(alice);
    }

    @Test
    void removeAllDropsEverySubscriptionOfASubscriberAndReportsPrefixesLeftEmpty() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b("a"), alice);
        trie.add(b("ab"), alice);
        trie.add(b("ab"), bob);
        trie.add(b("abc"), alice);
        trie.add(b("b"), bob);
        List<String> emptied = new ArrayList<>();
        trie.removeAll(alice, p -> emptied.add(new String(p, UTF_8)));
        assertThat(emptied).containsExactlyInAnyOrder("a", "abc");
        assertThat(matches(trie, "abcd")).containsExactly(bob);
        assertThat(matches(trie, "b")).containsExactly(bob);
        assertThat(trie.prefixCount()).isEqualTo(2);

        trie.removeAll(bob, p -> emptied.add(new String(p, UTF_8)));
        assertThat(emptied).containsExactlyInAnyOrder("a", "abc", "ab", "b");
        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie.nodeCount()).isEqualTo(1);
    }

    @Test
    void removeAllOfAnUnknownSubscriberChangesNothing() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b("a"), alice);
        List<byte[]> emptied = new ArrayList<>();
        trie.removeAll(bob, emptied::add);
        assertThat(emptied).isEmpty();
        assertThat(matches(trie, "a")).containsExactly(alice);
    }

    @Test
    void removeAllCallbacksMayUseTheTrie() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b("a"), alice);
        trie.add(b("b"), alice);
        trie.removeAll(alice, p -> trie.add(p, bob));
        assertThat(matches(trie, "a")).containsExactly(bob);
        assertThat(matches(trie, "b")).containsExactly(bob);
    }

    @Test
    void modifyingTheTrieFromAMatchActionFails() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b("a"), alice);
        trie.add(b("a"), bob);
        trie.add(b(""), carol);
        assertThatThrownBy(() -> trie.match(b("a"), s -> trie.remove(b("a"), s)))
                .isInstanceOf(ConcurrentModificationException.class);
        // The trie is still usable afterwards, including the dedup path.
        assertThat(matches(trie, "a")).hasSize(2);
    }

    @Test
    void aMatchActionMayRunANestedMatch() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        trie.add(b(""), alice);
        trie.add(b("a"), alice);
        trie.add(b("a"), bob);
        List<Sub> inner = new ArrayList<>();
        List<Sub> outer = new ArrayList<>();
        trie.match(b("a"), s -> {
            outer.add(s);
            trie.match(b("ab"), inner::add);
        });
        assertThat(outer).containsExactlyInAnyOrder(alice, bob);
        assertThat(inner).containsExactlyInAnyOrder(alice, bob, alice, bob);
    }

    @Test
    void aPrefixWithThousandsOfSubscribersAddsAndRemovesEachOnce() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        List<Sub> subs = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Sub s = new Sub("s" + i);
            subs.add(s);
            assertThat(trie.add(b(""), s)).isEqualTo(i == 0);
            assertThat(trie.add(b(""), s)).isFalse();
        }
        for (int i = 0; i < subs.size(); i += 2) {
            assertThat(trie.remove(b(""), subs.get(i))).isFalse();
            assertThat(trie.remove(b(""), subs.get(i))).isFalse();
        }
        Set<Sub> matched = Collections.newSetFromMap(new IdentityHashMap<>());
        trie.match(b("anything"), s -> assertThat(matched.add(s)).isTrue());
        assertThat(matched).hasSize(2_500).allMatch(s -> Integer.parseInt(s.name.substring(1)) % 2 == 1);
        for (int i = 1; i < subs.size(); i += 2) {
            assertThat(trie.remove(b(""), subs.get(i))).isEqualTo(i == subs.size() - 1);
        }
        assertThat(trie.isEmpty()).isTrue();
    }

    @Test
    void tenThousandSubscriptionsMatchByWalkingOnlyTheMessagePath() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        List<Sub> subs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Sub s = new Sub("s" + i);
            subs.add(s);
            assertThat(trie.add(topic(i), s)).isTrue();
        }
        assertThat(trie.prefixCount()).isEqualTo(10_000);

        for (int i = 0; i < 10_000; i++) {
            byte[] message = b(new String(topic(i), UTF_8) + ".payload");
            List<Sub> out = new ArrayList<>();
            trie.match(message, out::add);
            assertThat(out).containsExactly(subs.get(i));
            // One node per byte at the very most, never one per subscription.
            assertThat(trie.lastMatchVisitedNodes).isLessThanOrEqualTo(message.length + 1);
        }
        // A path-compressed trie over "price.<digit>.<4 digits>" is at most a handful deep.
        trie.match(topic(1234), s -> { });
        assertThat(trie.lastMatchVisitedNodes).isLessThanOrEqualTo(8);
        trie.match(b("nothing.here"), s -> { });
        assertThat(trie.lastMatchVisitedNodes).isEqualTo(1);
    }

    @Test
    void removingAllSubscriptionsEmptiesTheTrie() {
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        List<Sub> subs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Sub s = new Sub("s" + i);
            subs.add(s);
            trie.add(topic(i), s);
            trie.add(topic(i / 10), s); // shared shorter prefixes too
        }
        for (int i = 0; i < 10_000; i++) {
            trie.remove(topic(i), subs.get(i));
        }
        for (int i = 0; i < 10_000; i += 2) {
            trie.removeAll(subs.get(i), p -> { });
        }
        for (int i = 1; i < 10_000; i += 2) {
            trie.remove(topic(i / 10), subs.get(i));
        }
        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie.prefixCount()).isZero();
        assertThat(trie.nodeCount()).isEqualTo(1);
        assertThat(matches(trie, new String(topic(42), UTF_8))).isEmpty();
    }

    @Test
    void behavesLikeANaivePrefixToSubscriberMapUnderRandomChurn() {
        Random random = new Random(7);
        DistributionTrie<Sub> trie = new DistributionTrie<>();
        Sub[] subs = {alice, bob, carol, new Sub("dave")};
        Map<ByteBuffer, Set<Sub>> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            Sub sub = subs[random.nextInt(subs.length)];
            int op = random.nextInt(10);
            if (op < 6) {
                byte[] prefix = SubscriptionTrieTest.randomBytes(random, 4);
                Set<Sub> set = model.computeIfAbsent(ByteBuffer.wrap(prefix), k -> identitySet());
                boolean wasEmpty = set.isEmpty();
                set.add(sub);
                assertThat(trie.add(prefix, sub)).isEqualTo(wasEmpty);
            } else if (op < 9) {
                byte[] prefix = SubscriptionTrieTest.randomBytes(random, 4);
                Set<Sub> set = model.get(ByteBuffer.wrap(prefix));
                boolean emptied = set != null && set.remove(sub) && set.isEmpty();
                if (set != null && set.isEmpty()) {
                    model.remove(ByteBuffer.wrap(prefix));
                }
                assertThat(trie.remove(prefix, sub)).isEqualTo(emptied);
            } else {
                List<ByteBuffer> expected = new ArrayList<>();
                model.entrySet().removeIf(e -> {
                    boolean emptied = e.getValue().remove(sub) && e.getValue().isEmpty();
                    if (emptied) {
                        expected.add(e.getKey());
                    }
                    return e.getValue().isEmpty();
                });
                List<ByteBuffer> reported = new ArrayList<>();
                trie.removeAll(sub, p -> reported.add(ByteBuffer.wrap(p)));
                assertThat(reported).containsExactlyInAnyOrderElementsOf(expected);
            }
            byte[] data = SubscriptionTrieTest.randomBytes(random, 6);
            List<Sub> matched = new ArrayList<>();
            trie.match(data, matched::add);
            assertThat(matched).containsExactlyInAnyOrderElementsOf(naiveMatch(model, data));
            assertThat(trie.prefixCount()).isEqualTo(model.size());
            assertThat(trie.nodeCount()).isLessThanOrEqualTo(2 * trie.prefixCount() + 1);
        }
    }

    private static byte[] topic(int i) {
        return b(String.format("price.%d.%04d", i % 10, i / 10));
    }

    private static Set<Sub> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private static Set<Sub> naiveMatch(Map<ByteBuffer, Set<Sub>> model, byte[] data) {
        Set<Sub> out = identitySet();
        model.forEach((prefix, subs) -> {
            if (prefix.remaining() <= data.length
                    && ByteBuffer.wrap(data, 0, prefix.remaining()).equals(prefix)) {
                out.addAll(subs);
            }
        });
        return out;
    }
}
