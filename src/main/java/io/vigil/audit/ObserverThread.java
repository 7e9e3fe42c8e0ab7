package io.vigil.audit;

import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Hands finished requests from the event loops to a consumer on a thread of its own (behaviour
 * baselines, API discovery): {@link #accept} only queues (bounded; when full the record is
 * skipped, and counted). Not the decision log's thread, which waits to build large batches for
 * its sinks: baselines should learn within a millisecond, so that a scraper is caught after as
 * few requests as possible.
 */
public final class ObserverThread implements Consumer<DecisionRecord>, AutoCloseable {

    private static final int CAPACITY = 65_536;
    private static final long IDLE_NANOS = 200_000;

    private final java.util.function.Predicate<DecisionRecord> wanted;
    private final Consumer<DecisionRecord> target;
    private final Queue<DecisionRecord> queue = PlatformDependent.newFixedMpscQueue(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;

    /**
     * @param wanted checked on the event loop before queueing: keep it cheap
     * @param target called on this observer's thread only
     */
    public ObserverThread(String name, java.util.function.Predicate<DecisionRecord> wanted, Consumer<DecisionRecord> target) {
        this.wanted = wanted;
        this.target = target;
        this.worker = new Thread(this::drain, name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Never blocks: called on the event loop when a request is done. */
    @Override
    public void accept(DecisionRecord record) {
        if (!wanted.test(record)) {
            return;
        }
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            DecisionRecord next = queue.poll();
            if (next == null) {
                LockSupport.parkNanos(IDLE_NANOS);
                continue;
            }
            try {
                target.accept(next);
            } catch (RuntimeException e) {
                dropped.incrementAndGet();
            }
        }
    }

    /** Stops after handing over what is queued. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
