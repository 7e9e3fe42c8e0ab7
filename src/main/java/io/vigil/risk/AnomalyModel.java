package io.vigil.risk;

import com.amazon.randomcutforest.RandomCutForest;
import io.vigil.auth.Principal;
import java.util.EnumMap;
import java.util.Map;

/**
 * A streaming anomaly model (Random Cut Forest) per identity class (users, services, workloads,
 * devices, API keys): each finished request becomes a point of {@link #DIMENSIONS} features of the
 * caller's behaviour against its own baseline; the forest scores how unlike the class's recent
 * traffic that point is (about 1 for ordinary, 3 and more for anomalous), then learns it.
 *
 * <p>A point costs the forest about 10–15 µs, so the model runs on a thread of its own, fed
 * through a bounded queue, at most {@code budget} points a second: past that, requests are not
 * modelled (counted in {@link #skipped()}), and the gateway's throughput never depends on it. The
 * caller's next requests read the score from its baseline; the model never runs on an event loop.
 */
final class AnomalyModel implements AutoCloseable {

    static final int DIMENSIONS = 6;
    static final int SAMPLE_SIZE = 256;

    private final Map<Principal.Type, RandomCutForest> forests = new EnumMap<>(Principal.Type.class);

    private record Point(Baseline baseline, Principal.Type type, double[] features, long time) {
    }

    private final java.util.concurrent.BlockingQueue<Point> queue = new java.util.concurrent.ArrayBlockingQueue<>(4_096);
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();
    private volatile int budget = 2_000;
    private long second;
    private int usedThisSecond;
    private final Thread worker;

    AnomalyModel() {
        worker = new Thread(this::run, "vigil-anomaly-model");
        worker.setDaemon(true);
        worker.start();
    }

    void budget(int pointsPerSecond) {
        this.budget = pointsPerSecond;
    }

    long skipped() {
        return skipped.get();
    }

    /** Queues a request's point, within the budget. Called by the baseline feed's thread only. */
    void offer(Baseline baseline, Principal.Type type, double[] features, long time) {
        long now = System.currentTimeMillis() / 1000;
        if (now != second) {
            second = now;
            usedThisSecond = 0;
        }
        if (usedThisSecond >= budget || !queue.offer(new Point(baseline, type, features, time))) {
            skipped.incrementAndGet();
            return;
        }
        usedThisSecond++;
    }

    private void run() {
        while (true) {
            Point p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                p.baseline().anomaly(p.time(), scoreAndLearn(p.type(), p.features()));
            } catch (RuntimeException e) {
                skipped.incrementAndGet();
            }
        }
    }

    /** Waits until every queued point is modelled (tests). */
    void drain() throws InterruptedException {
        while (!queue.isEmpty()) {
            Thread.sleep(5);
        }
        Thread.sleep(20);
    }

    @Override
    public void close() {
        worker.interrupt();
    }

    private RandomCutForest forest(Principal.Type type) {
        return forests.computeIfAbsent(type, t -> RandomCutForest.builder()
                .dimensions(DIMENSIONS)
                .numberOfTrees(15)
                .sampleSize(SAMPLE_SIZE)
                .outputAfter(SAMPLE_SIZE)
                .timeDecay(1.0 / (8 * SAMPLE_SIZE))
                .randomSeed(42 + t.ordinal())
                .parallelExecutionEnabled(false)
                .build());
    }

    /**
     * Scores a point, then learns it. The model's thread only.
     *
     * @return the anomaly score, or 0 while the class's forest is still warming up
     */
    private double scoreAndLearn(Principal.Type type, double[] point) {
        RandomCutForest forest = forest(type);
        double score = forest.isOutputReady() ? forest.getAnomalyScore(point) : 0;
        forest.update(point);
        return score;
    }

    /**
     * The features of a request against its baseline, each scaled to about 0..1 so no one
     * dominates: requests this minute, distinct paths on the route this minute, refusals this
     * minute, whether the route and the network are new to the caller, and how rare this hour of
     * the week is for it.
     */
    static double[] features(Baseline b, long time, String route, String network, int hourOfWeek) {
        double perMinute = Math.log1p(b.requestsInLastMinute(time)) / Math.log(1000);
        double paths = route == null ? 0 : Math.log1p(b.distinctPaths(route, time)) / Math.log(64);
        double refusals = Math.log1p(b.refusalsBefore(time, Baseline.WINDOW_MILLIS)) / Math.log(64);
        double newRoute = route != null && b.requests() > 1 && !b.usedRoute(route) ? 1 : 0;
        double newNetwork = network != null && b.requests() > 1 && !b.usedNetwork(network) ? 1 : 0;
        double hourShare = b.requests() == 0 ? 0 : 1 - Math.min(1, 24.0 * b.hourCount(hourOfWeek) / b.requests());
        return new double[] {perMinute, paths, refusals, newRoute, newNetwork, hourShare};
    }
}
