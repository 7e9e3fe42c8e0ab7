package io.vigil.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each alert as JSON to a webhook, signed so the receiver can trust it:
 * {@code X-Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">} under the
 * configured secret (the timestamp lets a receiver refuse replays). A failure (connection,
 * timeout, non-2xx) is retried with exponential backoff (1 s, 2 s, 4 s, … up to
 * {@code maxAttempts}); then it is logged and dropped. Never blocks the caller: at most
 * {@link #MAX_PENDING} alerts wait, beyond that new ones are dropped and counted.
 */
public final class WebhookSink implements Consumer<Alert>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSink.class);
    static final int MAX_PENDING = 1_000;

    private final URI url;
    private final byte[] secret;
    private final int maxAttempts;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-webhook");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    public WebhookSink(URI url, String secret, int maxAttempts) {
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.maxAttempts = maxAttempts;
    }

    @Override
    public void accept(Alert alert) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        String body = AlertJson.of(alert).toString();
        retries.execute(() -> send(body, 1));
    }

    public int dropped() {
        return dropped.get();
    }

    private void send(String body, int attempt) {
        long now = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .header("x-vigil-signature", "t=" + now + ",v1=" + sign(now + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            boolean ok = error == null && response.statusCode() / 100 == 2;
            if (ok) {
                pending.decrementAndGet();
                return;
            }
            String why = error != null ? error.getClass().getSimpleName() : "status " + response.statusCode();
            if (attempt >= maxAttempts) {
                pending.decrementAndGet();
                dropped.incrementAndGet();
                // Host only: a webhook URL often carries a token in its path or query.
                log.warn("alert webhook on {} failed {} times ({}); alert dropped", url.getScheme() + "://" + url.getHost(),
                        attempt, why);
                return;
            }
            long delay = 1_000L << Math.min(attempt - 1, 8);
            try {
                retries.schedule(() -> send(body, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                pending.decrementAndGet();
            }
        });
    }

    String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required", e);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
