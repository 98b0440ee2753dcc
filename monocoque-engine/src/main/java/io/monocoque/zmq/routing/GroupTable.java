package io.monocoque.zmq.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The groups a RADIO's peers joined: which peers get a message in a group, by exact match (RFC
 * 48), each named once however often it joined. A peer's going away removes all its groups.
 *
 * @param <P> what a member is (a pipe)
 */
public final class GroupTable<P> {

    private final Map<String, List<P>> members = new HashMap<>();
    private final Map<P, Set<String>> groupsOf = new IdentityHashMap<>();

    /** Adds {@code member} to {@code group}; whether it was not in it yet. */
    public boolean join(String group, P member) {
        Set<String> groups = groupsOf.computeIfAbsent(member, m -> new HashSet<>());
        if (!groups.add(group)) {
            return false;
        }
        members.computeIfAbsent(group, g -> new ArrayList<>(2)).add(member);
        return true;
    }

    /** Removes {@code member} from {@code group}; whether it was in it. */
    public boolean leave(String group, P member) {
        Set<String> groups = groupsOf.get(member);
        if (groups == null || !groups.remove(group)) {
            return false;
        }
        if (groups.isEmpty()) {
            groupsOf.remove(member);
        }
        removeMember(group, member);
        return true;
    }

    /** Removes {@code member} from every group it joined. */
    public void removeAll(P member) {
        Set<String> groups = groupsOf.remove(member);
        if (groups != null) {
            for (String g : groups) {
                removeMember(g, member);
            }
        }
    }

    private void removeMember(String group, P member) {
        List<P> list = members.get(group);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == member) {
                list.remove(i);
                break;
            }
        }
        if (list.isEmpty()) {
            members.remove(group);
        }
    }

    /** Hands {@code to} each member of exactly {@code group}, once. */
    public void match(String group, Consumer<P> to) {
        List<P> list = members.get(group);
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                to.accept(list.get(i));
            }
        }
    }

    /** Whether no member is in any group. */
    public boolean isEmpty() {
        return members.isEmpty();
    }
}
