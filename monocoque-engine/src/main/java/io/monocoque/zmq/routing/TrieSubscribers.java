package io.monocoque.zmq.routing;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The subscribers of one {@link DistributionTrie} prefix: an identity set that can be iterated by
 * index without allocating, which is what the publish path needs.
 *
 * <p>Small sets are scanned linearly; past {@link #INDEX_THRESHOLD} members an identity map from
 * member to slot keeps add and remove O(1), so a prefix that thousands of pipes subscribe to (the
 * empty one, typically) does not make each subscription cost O(n).
 */
final class TrieSubscribers {

    private static final int INDEX_THRESHOLD = 16;

    private Object[] members = new Object[2];
    private int size;
    private IdentityHashMap<Object, Integer> index;

    int size() {
        return size;
    }

    Object get(int i) {
        return members[i];
    }

    /** Adds {@code member}; false if it was already there. */
    boolean add(Object member) {
        if (indexOf(member) >= 0) {
            return false;
        }
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
        }
        members[size] = member;
        if (index != null) {
            index.put(member, size);
        } else if (size + 1 > INDEX_THRESHOLD) {
            index = new IdentityHashMap<>(size * 2);
            for (int i = 0; i <= size; i++) {
                index.put(members[i], i);
            }
        }
        size++;
        return true;
    }

    /** Removes {@code member}; false if it was not there. Order is not preserved. */
    boolean remove(Object member) {
        int i = indexOf(member);
        if (i < 0) {
            return false;
        }
        int last = size - 1;
        if (i != last) {
            members[i] = members[last];
            if (index != null) {
                index.put(members[i], i);
            }
        }
        members[last] = null;
        size = last;
        if (index != null) {
            index.remove(member);
            // Hysteresis: drop the map well below the threshold so churn around it does not rebuild it.
            if (size < INDEX_THRESHOLD / 2) {
                index = null;
            }
        }
        if (members.length > 4 && size <= members.length / 4) {
            members = Arrays.copyOf(members, members.length / 2);
        }
        return true;
    }

    private int indexOf(Object member) {
        if (index != null) {
            Integer i = index.get(member);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (members[i] == member) {
                return i;
            }
        }
        return -1;
    }
}
