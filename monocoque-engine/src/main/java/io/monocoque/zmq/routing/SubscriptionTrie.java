package io.monocoque.zmq.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The reference-counted set of topic prefixes a SUB or XSUB socket has subscribed to, used to
 * decide whether an incoming message is wanted.
 *
 * <p>A prefix subscribed twice must be unsubscribed twice before it stops matching, as in libzmq.
 * Matching walks a path-compressed trie along the message bytes, so it costs O(length of the
 * data) however many prefixes are subscribed; nodes are pruned on removal so memory is returned.
 *
 * <p>Not thread-safe: the owning socket confines it to one thread at a time.
 */
public final class SubscriptionTrie {

    private final TrieNode root = TrieNode.newRoot();
    private int size;

    /**
     * Subscribes to {@code prefix} once more.
     *
     * @return true if the prefix was not subscribed before (its count went from 0 to 1)
     */
    public boolean add(byte[] prefix) {
        Objects.requireNonNull(prefix, "prefix");
        TrieNode node = TrieNode.findOrCreate(root, prefix);
        if (node.count == Integer.MAX_VALUE) {
            throw new IllegalStateException("prefix subscribed " + Integer.MAX_VALUE + " times");
        }
        if (node.count++ == 0) {
            size++;
            return true;
        }
        return false;
    }

    /**
     * Drops one subscription to {@code prefix}.
     *
     * @return true if that was the last one, so the prefix no longer matches; false if the prefix
     *     is still subscribed or was not subscribed at all
     */
    public boolean remove(byte[] prefix) {
        Objects.requireNonNull(prefix, "prefix");
        TrieNode node = TrieNode.find(root, prefix);
        if (node == null || node.count == 0) {
            return false;
        }
        if (--node.count > 0) {
            return false;
        }
        size--;
        TrieNode.prune(node);
        return true;
    }

    /** Whether some subscribed prefix is a prefix of {@code data}; the empty prefix matches all. */
    public boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    /** Whether some subscribed prefix is a prefix of {@code data[off, off + len)}. */
    public boolean matches(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        int end = off + len;
        int pos = off;
        TrieNode node = root;
        while (true) {
            if (node.count > 0) {
                return true;
            }
            if (pos == end) {
                return false;
            }
            TrieNode child = node.child(data[pos]);
            if (child == null) {
                return false;
            }
            byte[] seg = child.segment;
            if (end - pos < seg.length || !regionEquals(seg, data, pos)) {
                return false;
            }
            pos += seg.length;
            node = child;
        }
    }

    /** Compares from index 1: the child was found by its first byte, so that one already matched. */
    static boolean regionEquals(byte[] segment, byte[] data, int pos) {
        for (int i = 1; i < segment.length; i++) {
            if (segment[i] != data[pos + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Calls {@code action} once for every subscribed prefix, however many times it was subscribed,
     * in unsigned byte order; used to replay subscriptions to a reconnected publisher. Each call
     * gets a fresh array. The prefixes are gathered before the first call, so the action may
     * modify this trie.
     */
    public void forEach(Consumer<byte[]> action) {
        Objects.requireNonNull(action, "action");
        List<TrieNode> nodes = new ArrayList<>();
        TrieNode.collect(root, nodes);
        List<byte[]> prefixes = new ArrayList<>(size);
        for (TrieNode node : nodes) {
            if (node.count > 0) {
                prefixes.add(TrieNode.prefixOf(node));
            }
        }
        prefixes.forEach(action);
    }

    /** The number of distinct subscribed prefixes. */
    public int size() {
        return size;
    }

    /** Whether no prefix is subscribed, in which case nothing matches. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Nodes currently allocated, root included; lets tests check that removal returns memory. */
    int nodeCount() {
        List<TrieNode> nodes = new ArrayList<>();
        TrieNode.collect(root, nodes);
        return nodes.size();
    }
}
