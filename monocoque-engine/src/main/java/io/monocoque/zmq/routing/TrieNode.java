package io.monocoque.zmq.routing;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * A node of the path-compressed (radix) byte trie behind {@link SubscriptionTrie} and
 * {@link DistributionTrie}.
 *
 * <p>Each node owns the run of bytes on the edge that leads to it, so a topic such as
 * {@code "market.data.eurusd"} costs one node rather than eighteen. Children are kept as a sorted
 * array of their first bytes plus a parallel node array: lookups are a binary search over at
 * most 256 bytes, and a node with two children costs two small arrays instead of a 256-slot table.
 *
 * <p>A node is <em>present</em> when {@link #count} is positive; what the count means and what
 * {@link #value} holds is up to the owning trie. Every node other than the root is either present
 * or has at least two children, because {@link #prune} removes or merges the rest; that invariant
 * is what makes memory return when subscriptions are removed.
 */
final class TrieNode {

    static final byte[] NO_BYTES = new byte[0];
    private static final TrieNode[] NO_CHILDREN = new TrieNode[0];

    /** Bytes on the edge from the parent to this node; empty only for the root. */
    byte[] segment;
    /** Null for the root and for nodes that have been unlinked from the trie. */
    TrieNode parent;
    /** First byte of each child's segment, ascending as unsigned values. */
    private byte[] labels = NO_BYTES;
    private TrieNode[] children = NO_CHILDREN;
    private int childCount;
    /** Positive when the prefix ending at this node is present. */
    int count;
    /** Payload owned by the trie using this node. */
    Object value;

    TrieNode(byte[] segment, TrieNode parent) {
        this.segment = segment;
        this.parent = parent;
    }

    static TrieNode newRoot() {
        return new TrieNode(NO_BYTES, null);
    }

    int childCount() {
        return childCount;
    }

    TrieNode childAt(int index) {
        return children[index];
    }

    /** The child whose segment starts with {@code first}, or null. */
    TrieNode child(byte first) {
        int i = indexOf(first);
        return i >= 0 ? children[i] : null;
    }

    /** Binary search over the labels; a negative result encodes the insertion point. */
    private int indexOf(byte first) {
        int key = first & 0xff;
        int lo = 0;
        int hi = childCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int label = labels[mid] & 0xff;
            if (label < key) {
                lo = mid + 1;
            } else if (label > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private void insertChildAt(int index, TrieNode child) {
        if (childCount == children.length) {
            int capacity = Math.min(256, Math.max(2, childCount * 2));
            labels = Arrays.copyOf(labels, capacity);
            children = Arrays.copyOf(children, capacity);
        }
        System.arraycopy(labels, index, labels, index + 1, childCount - index);
        System.arraycopy(children, index, children, index + 1, childCount - index);
        labels[index] = child.segment[0];
        children[index] = child;
        childCount++;
    }

    private void removeChildAt(int index) {
        int tail = childCount - index - 1;
        System.arraycopy(labels, index + 1, labels, index, tail);
        System.arraycopy(children, index + 1, children, index, tail);
        childCount--;
        children[childCount] = null;
        if (childCount == 0) {
            labels = NO_BYTES;
            children = NO_CHILDREN;
        } else if (children.length >= 8 && childCount <= children.length / 4) {
            // Shrink lazily (at a quarter) so that add/remove churn at a boundary does not copy each time.
            labels = Arrays.copyOf(labels, children.length / 2);
            children = Arrays.copyOf(children, children.length / 2);
        }
    }

    private void replaceChild(TrieNode old, TrieNode replacement) {
        children[indexOf(old.segment[0])] = replacement;
    }

    /** The node whose path spells exactly {@code key}, or null if the trie has no such node. */
    static TrieNode find(TrieNode root, byte[] key) {
        TrieNode node = root;
        int pos = 0;
        while (pos < key.length) {
            TrieNode child = node.child(key[pos]);
            if (child == null) {
                return null;
            }
            byte[] seg = child.segment;
            if (key.length - pos < seg.length
                    || !Arrays.equals(seg, 0, seg.length, key, pos, pos + seg.length)) {
                return null;
            }
            pos += seg.length;
            node = child;
        }
        return node;
    }

    /**
     * The node whose path spells exactly {@code key}, splitting an edge or adding a leaf if needed.
     * A node created here is not present yet: the caller must make it present, or prune it.
     */
    static TrieNode findOrCreate(TrieNode root, byte[] key) {
        TrieNode node = root;
        int pos = 0;
        while (pos < key.length) {
            int index = node.indexOf(key[pos]);
            if (index < 0) {
                TrieNode leaf = new TrieNode(Arrays.copyOfRange(key, pos, key.length), node);
                node.insertChildAt(-index - 1, leaf);
                return leaf;
            }
            TrieNode child = node.children[index];
            byte[] seg = child.segment;
            int common = 1; // the label already matched the first byte
            int limit = Math.min(seg.length, key.length - pos);
            while (common < limit && seg[common] == key[pos + common]) {
                common++;
            }
            if (common == seg.length) {
                node = child;
                pos += common;
                continue;
            }
            // The key leaves (or ends inside) the child's edge: split the edge where they diverge.
            TrieNode middle = new TrieNode(Arrays.copyOfRange(seg, 0, common), node);
            child.segment = Arrays.copyOfRange(seg, common, seg.length);
            child.parent = middle;
            middle.insertChildAt(0, child);
            node.children[index] = middle;
            pos += common;
            if (pos == key.length) {
                return middle;
            }
            TrieNode leaf = new TrieNode(Arrays.copyOfRange(key, pos, key.length), middle);
            // The bytes differ at this position, so the search always yields an insertion point.
            middle.insertChildAt(-middle.indexOf(key[pos]) - 1, leaf);
            return leaf;
        }
        return node;
    }

    /**
     * Restores the invariant after {@code node} stopped being present: drops the chain of nodes
     * that are neither present nor lead anywhere, then folds a remaining pass-through node into its
     * only child. Does nothing for the root or for a node already unlinked by an earlier prune.
     */
    static void prune(TrieNode node) {
        while (node.parent != null && node.count == 0 && node.childCount == 0) {
            TrieNode parent = node.parent;
            parent.removeChildAt(parent.indexOf(node.segment[0]));
            node.parent = null;
            node = parent;
        }
        if (node.parent != null && node.count == 0 && node.childCount == 1) {
            TrieNode only = node.children[0];
            byte[] merged = Arrays.copyOf(node.segment, node.segment.length + only.segment.length);
            System.arraycopy(only.segment, 0, merged, node.segment.length, only.segment.length);
            only.segment = merged;
            only.parent = node.parent;
            node.parent.replaceChild(node, only);
            node.parent = null;
            node.removeChildAt(0);
        }
    }

    /** The full prefix the node stands for, rebuilt from the segments on the way to the root. */
    static byte[] prefixOf(TrieNode node) {
        int length = 0;
        for (TrieNode n = node; n != null; n = n.parent) {
            length += n.segment.length;
        }
        byte[] prefix = new byte[length];
        for (TrieNode n = node; n != null; n = n.parent) {
            length -= n.segment.length;
            System.arraycopy(n.segment, 0, prefix, length, n.segment.length);
        }
        return prefix;
    }

    /**
     * Adds every node below and including {@code root} to {@code out}, parents before children and
     * siblings in unsigned byte order, so present prefixes come out sorted. Iterative because a trie
     * built from long, finely branching subscriptions can be deeper than the thread stack allows.
     */
    static void collect(TrieNode root, List<TrieNode> out) {
        ArrayDeque<TrieNode> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            TrieNode node = stack.pop();
            out.add(node);
            for (int i = node.childCount - 1; i >= 0; i--) {
                stack.push(node.children[i]);
            }
        }
    }
}
