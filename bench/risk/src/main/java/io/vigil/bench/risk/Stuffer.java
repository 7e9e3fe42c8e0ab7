package io.vigil.bench.risk;

import java.net.http.HttpRequest;
import java.util.SplittableRandom;

/** Credential stuffing against API keys: a new well-shaped (but unknown) key on every request. */
final class Stuffer implements Caller {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private final SplittableRandom random;

    Stuffer(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized void credential(HttpRequest.Builder request, long now) {
        StringBuilder key = new StringBuilder("vgl_sim_");
        for (int i = 0; i < 43; i++) {
            key.append(ALPHABET.charAt(random.nextInt(62)));
        }
        key.append('_');
        for (int i = 0; i < 6; i++) {
            key.append(ALPHABET.charAt(random.nextInt(62)));
        }
        request.header("Authorization", "ApiKey " + key);
    }
}
