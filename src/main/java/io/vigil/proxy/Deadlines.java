package io.vigil.proxy;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts for in-flight upstream exchanges without a timer per request. Each event loop keeps
 * its exchanges in an intrusive list and sweeps it every {@link #TICK_MILLIS}; adding and
 * removing are O(1) and allocate nothing. A per-request Vert.x timer cost a priority-queue insert
 * and removal on every request, which profiling showed as a tenth of the proxy's CPU.
 * Timeouts therefore fire up to one tick late.
 */
final class Deadlines {

    static final long TICK_MILLIS = 50;

    /** Something with deadlines, linked into one event loop's list. */
    abstract static class Entry {
        Entry previous;
        Entry next;
        boolean linked;

        /** Called on the sweep; aborts itself when a deadline has passed. */
        abstract void check(long nowNanos);
    }

    private static final ThreadLocal<Deadlines> PER_LOOP = new ThreadLocal<>();

    private final Entry head = new Entry() {
        @Override
        void check(long nowNanos) {
        }
    };

    private Deadlines() {
        head.previous = head;
        head.next = head;
    }

    /**
     * The list of {@code loop}, created with its sweep on first use. Must be called on that
     * loop's thread: the list is confined to it.
     */
    static Deadlines forLoop(EventLoop loop) {
        Deadlines deadlines = PER_LOOP.get();
        if (deadlines == null) {
            deadlines = new Deadlines();
            PER_LOOP.set(deadlines);
            Deadlines sweep = deadlines;
            loop.scheduleAtFixedRate(sweep::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return deadlines;
    }

    void add(Entry entry) {
        if (entry.linked) {
            return;
        }
        entry.previous = head.previous;
        entry.next = head;
        head.previous.next = entry;
        head.previous = entry;
        entry.linked = true;
    }

    static void remove(Entry entry) {
        if (!entry.linked) {
            return;
        }
        entry.previous.next = entry.next;
        entry.next.previous = entry.previous;
        entry.previous = null;
        entry.next = null;
        entry.linked = false;
    }

    private void sweep() {
        long now = System.nanoTime();
        Entry entry = head.next;
        while (entry != head) {
            Entry next = entry.next;
            try {
                entry.check(now);
            } catch (RuntimeException e) {
                // One broken exchange must not cancel the sweep, and with it every timeout on this loop.
                remove(entry);
                org.slf4j.LoggerFactory.getLogger(Deadlines.class).error("timeout check failed", e);
            }
            entry = next;
        }
    }
}
