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
    /**
     * While records keep coming, the worker naps this long when the queue runs dry: at most a
     * millisecond late, and a thousand wake-ups a second however busy the gateway is. Waking it
     * per record instead cost a futex call on the event loop and a context switch per request.
     */
    private static final long NAP_NANOS = 1_000_000;
    /** After this long with nothing to do, the worker sleeps until a record wakes it. */
    private static final long SLEEP_AFTER_NANOS = 50_000_000;

    private final java.util.function.Predicate<DecisionRecord> wanted;
    private final Consumer<DecisionRecord> target;
    private final Queue<DecisionRecord> queue = PlatformDependent.newFixedMpscQueue(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;
    /** The worker is asleep and the next record must wake it; the event loops only read this while it is false. */
    private final java.util.concurrent.atomic.AtomicBoolean asleep = new java.util.concurrent.atomic.AtomicBoolean();

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
        if (asleep.get() && asleep.compareAndSet(true, false)) {
            LockSupport.unpark(worker);
        }
    }

    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        long emptySince = 0;
        while (running || !queue.isEmpty()) {
            DecisionRecord next = queue.poll();
            if (next == null) {
                long now = System.nanoTime();
                if (emptySince == 0) {
                    emptySince = now;
                }
                if (now - emptySince < SLEEP_AFTER_NANOS) {
                    LockSupport.parkNanos(NAP_NANOS);
                    continue;
                }
                asleep.set(true);
                // A record offered before the flag was up would otherwise wait for the next one.
                if (queue.isEmpty() && running) {
                    LockSupport.park(this);
                }
                asleep.set(false);
                emptySince = 0;
                continue;
            }
            emptySince = 0;
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
        LockSupport.unpark(worker);
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
