package io.vigil.audit;

import io.vigil.metrics.GatewayMetrics;
import java.util.ArrayList;
import java.util.List;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision log. {@link #record} is called on the event loop and never blocks: it offers the
 * record to a bounded queue, and when the queue is full the record is dropped and counted in
 * {@code vigil_decision_log_dropped_total}, never silently. One writer thread drains the queue in
 * batches into every sink and updates the request metrics, so metrics cost the event loop nothing.
 */
public final class DecisionLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    private static final int BATCH = 2048;
    /** How long a small batch waits for company: each write is a syscall and a transaction. */
    private static final long LINGER_NANOS = 50_000_000;
    private static final long IDLE_NANOS = 5_000_000;

    /** Lock-free: event loops offer, one writer polls. A locked queue showed up in profiles. */
    private final Queue<DecisionRecord> queue;
    private final List<DecisionSink> sinks;
    private final GatewayMetrics metrics;
    private final DecisionJson json;
    private final Thread writer;
    private volatile boolean running = true;
    /**
     * Called with every record as it is recorded, on the event loop: each must only hand the record
     * on (queue it), never do the work there.
     */
    private final List<java.util.function.Consumer<DecisionRecord>> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public DecisionLog(int capacity, List<DecisionSink> sinks, GatewayMetrics metrics) {
        this(capacity, sinks, metrics, java.util.Set.of());
    }

    /** @param sensitiveClaims principal claims never written to any sink */
    public DecisionLog(int capacity, List<DecisionSink> sinks, GatewayMetrics metrics, java.util.Set<String> sensitiveClaims) {
        this.json = new DecisionJson(sensitiveClaims);
        this.queue = PlatformDependent.newFixedMpscQueue(capacity);
        this.sinks = List.copyOf(sinks);
        this.metrics = metrics;
        this.writer = new Thread(this::drain, "vigil-decision-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void addObserver(java.util.function.Consumer<DecisionRecord> observer) {
        observers.add(observer);
    }

    /** Never blocks. */
    public void record(DecisionRecord record) {
        for (java.util.function.Consumer<DecisionRecord> observer : observers) {
            observer.accept(record);
        }
        if (!queue.offer(record)) {
            metrics.decisionDropped();
        }
    }

    private void drain() {
        List<DecisionRecord> batch = new ArrayList<>(BATCH);
        List<EncodedDecision> encoded = new ArrayList<>(BATCH);
        while (true) {
            DecisionRecord next;
            while (batch.size() < BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                if (!running) {
                    return;
                }
                LockSupport.parkNanos(IDLE_NANOS);
                continue;
            }
            for (DecisionRecord r : batch) {
                metrics.request(r);
                encoded.add(new EncodedDecision(r, json.encode(r).toString()));
            }
            for (DecisionSink sink : sinks) {
                try {
                    sink.write(encoded);
                } catch (Exception e) {
                    metrics.decisionSinkFailed(sink.getClass().getSimpleName());
                    LOG.warn("decision sink {} failed for {} records: {}", sink.getClass().getSimpleName(),
                            batch.size(), e.toString());
                }
            }
            boolean small = batch.size() < BATCH;
            batch.clear();
            encoded.clear();
            if (small && running) {
                // Let a batch build up: each write is a syscall and a store transaction.
                LockSupport.parkNanos(LINGER_NANOS);
            }
        }
    }

    /** Stops after writing everything already queued. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DecisionSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                LOG.warn("closing decision sink {}: {}", sink.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
