package io.monocoque.zmq.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Maps subscribed topic prefixes to the subscribers (pipes) that want them, so a PUB or XPUB
 * socket can find which pipes a message goes to.
 *
 * <p>Subscribers are compared by identity, and each prefix holds a <em>set</em> of them: a pipe
 * that subscribes twice to the same prefix is stored once, and one unsubscribe removes it, as in
 * libzmq's multi-trie. The boolean results of {@link #add} and {@link #remove} report when a prefix
 * gains its first or loses its last subscriber, which is when XPUB forwards the (un)subscription
 * upstream.
 *
 * <p>{@link #match} walks a path-compressed trie along the message bytes: O(length of the data +
 * subscribers matched), independent of how many subscriptions exist. Empty nodes are pruned on
 * removal so memory is returned.
 *
 * <p>Not thread-safe: the owning socket confines it to one thread at a time.
 *
 * @param <T> the subscriber type, typically a pipe
 */
public final class DistributionTrie<T> {

    private final TrieNode root = TrieNode.newRoot();
    private int prefixCount;
    private int modCount;
    /** Reused between matches; taken out while a match runs so a nested match gets its own. */
    private MatchScratch scratch = new MatchScratch();

    /** Nodes visited by the most recent {@link #match}; lets tests check it does not scan. */
    int lastMatchVisitedNodes;

    /**
     * Subscribes {@code subscriber} to {@code prefix}.
     *
     * @return true if the prefix had no subscribers before; false if it had some, including when
     *     this subscriber was already subscribed to it (nothing changes then)
     */
    public boolean add(byte[] prefix, T subscriber) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(subscriber, "subscriber");
        TrieNode node = TrieNode.findOrCreate(root, prefix);
        TrieSubscribers subscribers = (TrieSubscribers) node.value;
        if (subscribers == null) {
            subscribers = new TrieSubscribers();
            node.value = subscribers;
        }
        if (!subscribers.add(subscriber)) {
            return false;
        }
        modCount++;
        node.count = subscribers.size();
        if (node.count == 1) {
            prefixCount++;
            return true;
        }
        return false;
    }

    /**
     * Unsubscribes {@code subscriber} from {@code prefix}.
     *
     * @return true if the prefix now has no subscribers at all; false if others remain or the
     *     subscriber was not subscribed to it
     */
    public boolean remove(byte[] prefix, T subscriber) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(subscriber, "subscriber");
        TrieNode node = TrieNode.find(root, prefix);
        if (node == null || node.value == null) {
            return false;
        }
        TrieSubscribers subscribers = (TrieSubscribers) node.value;
        if (!subscribers.remove(subscriber)) {
            return false;
        }
        modCount++;
        node.count = subscribers.size();
        if (node.count > 0) {
            return false;
        }
        node.value = null;
        prefixCount--;
        TrieNode.prune(node);
        return true;
    }

    /**
     * Removes every subscription of {@code subscriber}, for when its peer has gone, and passes
     * each prefix that is left with no subscribers to {@code prefixesNowEmpty} (XPUB forwards those
     * unsubscriptions upstream). The callbacks run after the trie has been updated, so they may
     * use it. Walks the whole trie: disconnects are rare compared with messages.
     */
    public void removeAll(T subscriber, Consumer<byte[]> prefixesNowEmpty) {
        removeAll(subscriber, true, prefixesNowEmpty);
    }

    /**
     * As {@link #removeAll(Object, Consumer)}; when not {@code onlyNowEmpty}, every prefix the
     * subscriber had goes to {@code removedPrefixes}, also those others still subscribe to
     * (xpub-verboser and xpub-manual tell the application about each).
     */
    public void removeAll(T subscriber, boolean onlyNowEmpty, Consumer<byte[]> removedPrefixes) {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(removedPrefixes, "removedPrefixes");
        List<TrieNode> nodes = new ArrayList<>();
        TrieNode.collect(root, nodes);
        List<TrieNode> emptied = new ArrayList<>();
        List<byte[]> reported = new ArrayList<>();
        for (TrieNode node : nodes) {
            TrieSubscribers subscribers = (TrieSubscribers) node.value;
            if (subscribers == null || !subscribers.remove(subscriber)) {
                continue;
            }
            modCount++;
            node.count = subscribers.size();
            if (node.count == 0) {
                node.value = null;
                prefixCount--;
                // Prefixes are read before any pruning, which rewrites segments and parents.
                emptied.add(node);
                reported.add(TrieNode.prefixOf(node));
            } else if (!onlyNowEmpty) {
                reported.add(TrieNode.prefixOf(node));
            }
        }
        for (TrieNode node : emptied) {
            // A node merged away by an earlier prune is already unlinked; prune ignores it.
            TrieNode.prune(node);
        }
        reported.forEach(removedPrefixes);
    }

    /** Same as {@link #match(byte[], int, int, Consumer)} over the whole of {@code data}. */
    public void match(byte[] data, Consumer<? super T> action) {
        match(data, 0, data.length, action);
    }

    /**
     * Calls {@code action} exactly once for each subscriber that has at least one prefix matching
     * {@code data[off, off + len)}, even when several of its prefixes match. Steady-state calls do
     * not allocate. The action must not modify this trie (that throws
     * {@link ConcurrentModificationException}); collect what to change and do it afterwards.
     */
    public void match(byte[] data, int off, int len, Consumer<? super T> action) {
        Objects.checkFromIndexSize(off, len, data.length);
        Objects.requireNonNull(action, "action");
        MatchScratch s = scratch != null ? scratch : new MatchScratch();
        scratch = null;
        int found = 0;
        try {
            found = collectMatches(data, off, len, s);
            int expectedModCount = modCount;
            if (found == 1) {
                deliver((TrieSubscribers) s.nodes[0].value, action, expectedModCount);
            } else if (found > 1) {
                deliverDistinct(s, found, action, expectedModCount);
            }
        } finally {
            Arrays.fill(s.nodes, 0, found, null); // do not keep pruned nodes reachable
            scratch = s;
        }
    }

    /** Gathers the present nodes on the data's path; returns how many there are. */
    private int collectMatches(byte[] data, int off, int len, MatchScratch s) {
        int end = off + len;
        int pos = off;
        int found = 0;
        int visited = 0;
        TrieNode node = root;
        while (true) {
            visited++;
            if (node.count > 0) {
                if (found == s.nodes.length) {
                    s.nodes = Arrays.copyOf(s.nodes, found * 2);
                }
                s.nodes[found++] = node;
            }
            if (pos == end) {
                break;
            }
            TrieNode child = node.child(data[pos]);
            if (child == null) {
                break;
            }
            byte[] seg = child.segment;
            if (end - pos < seg.length || !SubscriptionTrie.regionEquals(seg, data, pos)) {
                break;
            }
            pos += seg.length;
            node = child;
        }
        lastMatchVisitedNodes = visited;
        return found;
    }

    @SuppressWarnings("unchecked")
    private void deliver(TrieSubscribers subscribers, Consumer<? super T> action, int expectedModCount) {
        for (int i = 0; i < subscribers.size(); i++) {
            action.accept((T) subscribers.get(i));
            checkUnmodified(expectedModCount);
        }
    }

    /**
     * Several prefixes matched, so a subscriber may appear under more than one: dedup with a reused
     * identity map. Entries are removed one by one afterwards rather than with clear(), which
     * would cost the map's capacity instead of the number of subscribers matched.
     */
    @SuppressWarnings("unchecked")
    private void deliverDistinct(MatchScratch s, int found, Consumer<? super T> action, int expectedModCount) {
        IdentityHashMap<Object, Boolean> seen = s.seen;
        try {
            for (int n = 0; n < found; n++) {
                TrieSubscribers subscribers = (TrieSubscribers) s.nodes[n].value;
                for (int i = 0; i < subscribers.size(); i++) {
                    Object subscriber = subscribers.get(i);
                    if (seen.put(subscriber, Boolean.TRUE) == null) {
                        action.accept((T) subscriber);
                        checkUnmodified(expectedModCount);
                    }
                }
            }
        } finally {
            if (modCount != expectedModCount) {
                seen.clear();
            } else {
                for (int n = 0; n < found; n++) {
                    TrieSubscribers subscribers = (TrieSubscribers) s.nodes[n].value;
                    for (int i = 0; i < subscribers.size(); i++) {
                        seen.remove(subscribers.get(i));
                    }
                }
            }
        }
    }

    private void checkUnmodified(int expectedModCount) {
        if (modCount != expectedModCount) {
            throw new ConcurrentModificationException("DistributionTrie modified during match");
        }
    }

    /** Whether no prefix has any subscriber. */
    public boolean isEmpty() {
        return prefixCount == 0;
    }

    /** The number of distinct prefixes that have at least one subscriber. */
    public int prefixCount() {
        return prefixCount;
    }

    /** Nodes currently allocated, root included; lets tests check that removal returns memory. */
    int nodeCount() {
        List<TrieNode> nodes = new ArrayList<>();
        TrieNode.collect(root, nodes);
        return nodes.size();
    }

    /** Per-match working storage, kept between matches so publishing does not allocate. */
    private static final class MatchScratch {
        TrieNode[] nodes = new TrieNode[8];
        final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    }
}
