package io.vigil.discovery;

import io.vigil.pipeline.Exchange;
import io.vigil.proxy.BodySampler;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples JSON response bodies for discovery: the first {@value #FIRST} successful JSON responses
 * of each route and then one in {@code every}, identity-encoded and at most {@code maxBytes}
 * long. The proxy copies a sampled body as it streams past; this class parses it on a thread of
 * its own ({@link BodyShape}: field names and sensitive data, never values) and records the
 * result on its endpoint. When the queue is full a sample is dropped, never waited for.
 */
public final class BodySamples implements BodySampler, AutoCloseable {

    static final int FIRST = 3;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BodySamples.class);

    private record Sample(String host, String method, String path, byte[] body, boolean request) {
    }

    private final EndpointTree tree;
    private final int every;
    private final int maxBytes;
    private final ConcurrentHashMap<String, AtomicLong> perRoute = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> perRouteRequests = new ConcurrentHashMap<>();
    private final BlockingQueue<Sample> queue = new ArrayBlockingQueue<>(256);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;

    public BodySamples(EndpointTree tree, int every, int maxBytes) {
        this.tree = tree;
        this.every = every;
        this.maxBytes = maxBytes;
        this.worker = new Thread(this::run, "vigil-discovery-bodies");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public boolean wants(Exchange exchange, int status, String contentType, String contentEncoding) {
        if (status < 200 || status > 299 || status == 204 || "HEAD".equals(exchange.method()) || contentType == null
                || exchange.route() == null
                || (contentEncoding != null && !contentEncoding.equalsIgnoreCase("identity"))) {
            return false;
        }
        return json(contentType) && due(perRoute, exchange);
    }

    @Override
    public boolean wantsRequest(Exchange exchange, String contentType, String contentEncoding) {
        if (contentType == null || exchange.route() == null
                || (contentEncoding != null && !contentEncoding.equalsIgnoreCase("identity"))) {
            return false;
        }
        return json(contentType) && due(perRouteRequests, exchange);
    }

    @Override
    public void sampledRequest(Exchange exchange, byte[] body) {
        if (!queue.offer(new Sample(exchange.host(), exchange.method(), exchange.path(), body, true))) {
            dropped.incrementAndGet();
        }
    }

    private boolean due(ConcurrentHashMap<String, AtomicLong> counters, Exchange exchange) {
        long n = counters.computeIfAbsent(exchange.route().id(), id -> new AtomicLong()).incrementAndGet();
        return n <= FIRST || n % every == 0;
    }

    /** {@code application/json} or {@code application/*+json}, in any case; read in place (once per response, on the loop). */
    static boolean json(String contentType) {
        if (!contentType.regionMatches(true, 0, "application/", 0, 12)) {
            return false;
        }
        if (contentType.regionMatches(true, 12, "json", 0, 4)) {
            return true;
        }
        int end = contentType.indexOf(';');
        end = end < 0 ? contentType.length() : end;
        for (int i = 12; i + 5 <= end; i++) {
            if (contentType.regionMatches(true, i, "+json", 0, 5)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void sampled(Exchange exchange, int status, byte[] body) {
        if (body.length == 0) {
            return;
        }
        if (!queue.offer(new Sample(exchange.host(), exchange.method(), exchange.path(), body, false))) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public int maxBytes() {
        return maxBytes;
    }

    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Sample s;
            try {
                s = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (s == null) {
                continue;
            }
            try {
                if (s.request()) {
                    tree.observeRequestBody(s.host(), s.method(), s.path(), BodyShape.of(s.body()).fields());
                } else {
                    tree.observeBody(s.host(), s.method(), s.path(), BodyShape.of(s.body()));
                }
            } catch (RuntimeException e) {
                LOG.debug("could not read a sampled body: {}", e.toString());
            }
        }
    }

    /** Waits until every queued sample is read (tests). */
    public void drain() throws InterruptedException {
        while (!queue.isEmpty()) {
            Thread.sleep(10);
        }
        Thread.sleep(20);
    }

    @Override
    public void close() {
        running = false;
        try {
            worker.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
