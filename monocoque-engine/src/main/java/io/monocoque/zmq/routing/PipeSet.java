package io.monocoque.zmq.routing;

import io.monocoque.zmq.pipe.Pipe;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The pipes a routing strategy holds, split in place into an active prefix and an inactive
 * tail so that activating and deactivating are O(1) swaps, as libzmq's lb/fq arrays are.
 * Index bookkeeping happens on those edges only, never per message.
 */
final class PipeSet {

    private final ArrayList<Pipe> pipes = new ArrayList<>();
    private final Map<Pipe, Integer> slots = new IdentityHashMap<>();
    private int active;

    int size() {
        return pipes.size();
    }

    int active() {
        return active;
    }

    Pipe get(int index) {
        return pipes.get(index);
    }

    boolean contains(Pipe p) {
        return slots.containsKey(p);
    }

    void add(Pipe p, boolean activeNow) {
        if (slots.containsKey(p)) {
            return;
        }
        slots.put(p, pipes.size());
        pipes.add(p);
        if (activeNow) {
            swap(pipes.size() - 1, active);
            active++;
        }
    }

    void activate(Pipe p) {
        Integer i = slots.get(p);
        if (i != null && i >= active) {
            swap(i, active);
            active++;
        }
    }

    void deactivate(Pipe p) {
        Integer i = slots.get(p);
        if (i != null && i < active) {
            active--;
            swap(i, active);
        }
    }

    void remove(Pipe p) {
        if (!slots.containsKey(p)) {
            return;
        }
        deactivate(p);
        int last = pipes.size() - 1;
        swap(slots.get(p), last);
        pipes.remove(last);
        slots.remove(p);
    }

    private void swap(int i, int j) {
        if (i == j) {
            return;
        }
        Pipe a = pipes.get(i);
        Pipe b = pipes.get(j);
        pipes.set(i, b);
        pipes.set(j, a);
        slots.put(a, j);
        slots.put(b, i);
    }
}
