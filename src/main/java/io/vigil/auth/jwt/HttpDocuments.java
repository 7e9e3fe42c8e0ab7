package io.vigil.auth.jwt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches small JSON documents (OIDC discovery, JWKS) without blocking anyone: the JDK client's
 * own threads do the I/O and complete the future, so the event loops never wait on an identity
 * provider. Redirects are not followed (a key source is exactly the URL configured) and bodies
 * are capped.
 */
final class HttpDocuments {

    /** A fetched document and how long its server says it may be cached (-1: not said). */
    record Document(String body, long maxAgeSeconds) {
    }

    static final int MAX_BYTES = 512 * 1024;
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})\"?");

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "vigil-key-fetch");
                thread.setDaemon(true);
                return thread;
            }))
            .build();

    private HttpDocuments() {
    }

    static CompletableFuture<Document> get(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("accept", "application/json, application/jwk-set+json")
                .header("user-agent", "vigil")
                .GET().build();
        return CLIENT.sendAsync(request, info -> new CappedBody(MAX_BYTES))
                .thenApply(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new FetchException("HTTP " + response.statusCode() + " from " + uri);
                    }
                    return new Document(response.body(), maxAge(response.headers().allValues("cache-control")));
                });
    }

    /** A form POST (introspection); the status is the caller's to judge. */
    static CompletableFuture<HttpResponse<String>> postForm(URI uri, String form, String authorization, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("accept", "application/json")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("user-agent", "vigil")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return CLIENT.sendAsync(request.build(), info -> new CappedBody(MAX_BYTES));
    }

    static long maxAge(List<String> cacheControl) {
        long age = -1;
        for (String value : cacheControl) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.contains("no-store") || lower.contains("no-cache")) {
                return 0;
            }
            Matcher m = MAX_AGE.matcher(lower);
            if (m.find()) {
                age = Long.parseLong(m.group(1));
            }
        }
        return age;
    }

    /** A failed fetch whose message is safe to log. */
    static final class FetchException extends RuntimeException {
        FetchException(String message) {
            super(message, null, false, false);
        }
    }

    /** Collects a body as UTF-8 text, failing once it passes the cap instead of buffering on. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
        private final int cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                if (bytes.size() + item.remaining() > cap) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("document larger than " + cap + " bytes"));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
