package io.vigil.bench.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vigil.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The risk simulation: a real gateway (its wall clock simulated) in front of a sample API, driven
 * over HTTP on 127.0.0.1 with a week of benign traffic to learn from (risk in dry-run, as a
 * rollout starts) and a second week, risk enforced, into which attacks are injected. Reports, per attack type, how many instances were caught and after how
 * many requests and how much time; and the share of benign requests stepped up or refused.
 *
 * <p>Usage: {@code java -jar risk-sim.jar [--seed N] [--users N] [--services N] [--batch-jobs N] [--out FILE]}
 */
public final class Simulator {

    static final long START = ZonedDateTime.of(2026, 11, 2, 0, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
    static final int DAYS = 14;
    static final int LEARN_DAYS = 7;
    static final int IN_FLIGHT = 6;
    private static final Pattern REASON = Pattern.compile("\"reason\":\"([a-z_]+)\"");
    private static final Pattern INSTANCE = Pattern.compile("\"instance\":\"urn:vigil:request:([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        long seed = 42;
        int users = 80;
        int services = 25;
        int batchJobs = 0;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--services" -> services = Integer.parseInt(args[++i]);
                case "--batch-jobs" -> batchJobs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (users < 30 || services < Attacks.INSTANCES) {
            throw new IllegalArgumentException("at least 30 users and " + Attacks.INSTANCES + " services");
        }
        ObjectNode report = new Simulator().run(seed, users, services, batchJobs);
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        if (out != null) {
            Files.writeString(out, text);
        }
        System.out.println(Report.markdown(report));
        System.exit(0);
    }

    ObjectNode run(long seed, int users, int services, int batchJobs) throws Exception {
        Path dir = Files.createTempDirectory("vigil-risk-sim");
        SplittableRandom random = new SplittableRandom(seed);
        TokenMint mint = new TokenMint();
        mint.writeJwks(dir.resolve("jwks.json"));
        Files.writeString(dir.resolve("geo.csv"), GEO);
        Vertx vertx = Vertx.vertx();
        SimulatedClock clock = new SimulatedClock(START);
        try (SampleApi api = new SampleApi(vertx)) {
            Path config = dir.resolve("vigil.yaml");
            Files.writeString(config, SimConfig.yaml(dir, api.port, "dryRun"));
            Gateway gateway = Gateway.start(config, List.of(), clock);
            Tally tally = new Tally();
            Attacks attacks;
            long requests;
            long began = System.nanoTime();
            try {
                Population population = new Population(random, START, DAYS, batchJobs);
                for (int i = 0; i < users; i++) {
                    population.addHuman(mint, i, i < 4);
                }
                for (int i = 0; i < services; i++) {
                    String name = "service-" + i;
                    String team = "team-" + i % 5;
                    population.addMachine(i, () -> {
                        try {
                            return gateway.apiKeys().create("sim", name, team, Set.of("orders:read", "reports:read"), null, null)
                                    .key();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                List<Planned> plan = population.plan(LEARN_DAYS, population.humans.subList(22, 28));
                attacks = new Attacks(population, random, mint);
                plan.addAll(attacks.plan(START + LEARN_DAYS * 86_400_000L));
                plan.sort(Comparator.comparingLong(Planned::time));
                requests = plan.size();
                drive("http://127.0.0.1:" + gateway.port(), plan, clock, attacks.attacks, tally, () -> {
                    try {
                        Files.writeString(config, SimConfig.yaml(dir, api.port, "enforce"));
                        gateway.reload();
                    } catch (Exception e) {
                        throw new IllegalStateException("could not switch risk to enforce", e);
                    }
                });
                gateway.baselines().drainAnomalies();
            } finally {
                gateway.close();
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            return report(seed, users, services, batchJobs, requests, seconds, attacks.attacks, tally,
                    factorsOf(tally.falsePositiveIds, dir.resolve("decisions.jsonl")));
        } finally {
            vertx.close();
            // The decision log of a run is a few hundred MB: not left behind.
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Sends the plan in time order, a few requests in flight, moving the gateway's clock to each. */
    /** @param atTestWeek run once, with nothing in flight, before the first request of the test week */
    private static void drive(String base, List<Planned> plan, SimulatedClock clock, List<Attack> attacks, Tally tally,
            Runnable atTestWeek) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "sim-client");
                    t.setDaemon(true);
                    return t;
                })).connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore window = new Semaphore(IN_FLIGHT);
        long testWeek = START + LEARN_DAYS * 86_400_000L;
        int done = 0;
        boolean switched = false;
        for (Planned p : plan) {
            if (!switched && p.time() >= testWeek) {
                window.acquire(IN_FLIGHT);
                atTestWeek.run();
                window.release(IN_FLIGHT);
                switched = true;
            }
            window.acquire();
            clock.advanceTo(p.time());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + p.path()))
                    .timeout(Duration.ofSeconds(10))
                    .header("X-Forwarded-For", p.ip())
                    .header("User-Agent", p.agent());
            if ("POST".equals(p.method())) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-1\",\"qty\":1}"));
            }
            p.caller().credential(request, p.time());
            int index = p.attack() == null ? 0 : p.attack().outcome().next();
            client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                try {
                    if (failure != null) {
                        tally.error();
                        return;
                    }
                    String reason = response.statusCode() >= 400 ? group(REASON, response.body()) : null;
                    if (p.attack() != null) {
                        attackAnswered(p, index, reason);
                    } else {
                        boolean collateral = collateral(p, reason, attacks);
                        tally.benign(p.time() >= testWeek, reason, collateral, route(p),
                                reason == null ? null : group(INSTANCE, response.body()));
                        p.caller().answered(response.statusCode(), reason, p.time());
                    }
                } finally {
                    window.release();
                }
            });
            if (++done % 20_000 == 0) {
                System.err.printf("%,d of %,d requests (simulated %s)%n", done, plan.size(), Instant.ofEpochMilli(p.time()));
            }
        }
        window.acquire(IN_FLIGHT);
    }

    private static void attackAnswered(Planned p, int index, String reason) {
        Attack attack = p.attack();
        if (reason != null && Tally.DEFENSIVE.contains(reason)) {
            attack.outcome().detected(index, p.time() - attack.start(), reason);
            if (reason.equals("session_terminated")) {
                if (attack.victim() instanceof Human victim && attack.type().equals("stolen_token")) {
                    victim.endedByAttack();
                } else if (attack.victim() instanceof Machine victim) {
                    victim.endedByAttack();
                }
            }
        }
    }

    private static boolean collateral(Planned p, String reason, List<Attack> attacks) {
        if (p.caller() instanceof Human human && human.collateral(reason)
                || p.caller() instanceof Machine machine && machine.collateral(reason)) {
            return true;
        }
        for (Attack a : attacks) {
            if (a.covers(p.caller(), p.time())) {
                return true;
            }
        }
        return false;
    }

    static String route(Planned p) {
        String path = p.path();
        if (path.startsWith("/orders/")) {
            return "order";
        }
        if (path.startsWith("/orders")) {
            return p.method().equals("POST") ? "orders-create" : "orders-list";
        }
        if (path.startsWith("/reports/")) {
            return "reports";
        }
        return path.substring(1);
    }

    private static String group(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    /** How often each risk factor was present in a false positive, from the gateway's decision log. */
    private static Map<String, Long> factorsOf(Set<String> requestIds, Path decisions) throws java.io.IOException {
        Map<String, Long> counts = new TreeMap<>();
        if (requestIds.isEmpty() || !Files.exists(decisions)) {
            return counts;
        }
        List<Path> files;
        try (var listing = Files.list(decisions.getParent())) {
            // The log rotates at 100 MiB: read the rotated files too.
            files = listing.filter(f -> f.getFileName().toString().startsWith(decisions.getFileName().toString())).toList();
        }
        for (Path file : files) {
            count(file, requestIds, counts);
        }
        return counts;
    }

    private static void count(Path decisions, Set<String> requestIds, Map<String, Long> counts) throws java.io.IOException {
        try (var lines = Files.lines(decisions)) {
            lines.forEach(line -> {
                try {
                    JsonNode d = JSON.readTree(line);
                    if (requestIds.contains(d.path("requestId").asText())) {
                        d.path("risk").path("factors").forEach(f -> counts.merge(f.path("name").asText(), 1L, Long::sum));
                    }
                } catch (java.io.IOException e) {
                    // A torn last line: not a false positive's.
                }
            });
        }
    }

    private static ObjectNode report(long seed, int users, int services, int batchJobs, long requests, double seconds,
            List<Attack> attacks, Tally tally, Map<String, Long> fpFactors) {
        ObjectNode report = JSON.createObjectNode();
        report.put("seed", seed).put("users", users).put("services", services).put("batchJobs", batchJobs).put("days", DAYS)
                .put("learnDays", LEARN_DAYS).put("requests", requests).put("wallSeconds", Math.round(seconds * 10) / 10.0)
                .put("requestsPerSecond", Math.round(requests / seconds));
        ArrayNode types = report.putArray("attacks");
        for (String type : Attacks.TYPES) {
            ObjectNode row = types.addObject().put("type", type);
            ArrayNode instances = row.putArray("instances");
            int detected = 0;
            int within50 = 0;
            List<Integer> indexes = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            for (Attack a : attacks) {
                if (!a.type().equals(type)) {
                    continue;
                }
                Attack.Outcome o = a.outcome();
                ObjectNode i = instances.addObject().put("instance", a.instance()).put("start", Instant.ofEpochMilli(a.start()).toString())
                        .put("requests", o.sent);
                if (o.detectedAt > 0) {
                    detected++;
                    within50 += o.detectedAt <= 50 ? 1 : 0;
                    indexes.add(o.detectedAt);
                    times.add(o.detectedAfterMillis);
                    i.put("detectedAtRequest", o.detectedAt).put("detectedAfterSeconds", o.detectedAfterMillis / 1000.0)
                            .put("detectedBy", o.detectedBy);
                }
            }
            row.put("count", instances.size()).put("detected", detected).put("detectedWithin50", within50);
            indexes.sort(null);
            times.sort(null);
            if (!indexes.isEmpty()) {
                row.put("medianRequestsToDetection", indexes.get(indexes.size() / 2))
                        .put("maxRequestsToDetection", indexes.get(indexes.size() - 1))
                        .put("medianSecondsToDetection", times.get(times.size() / 2) / 1000.0)
                        .put("maxSecondsToDetection", times.get(times.size() - 1) / 1000.0);
            }
        }
        ObjectNode benign = report.putObject("benign");
        benign.put("requests", tally.benign).put("falsePositives", tally.falsePositives)
                .put("falsePositiveRate", tally.benign == 0 ? 0 : (double) tally.falsePositives / tally.benign)
                .put("testWeekRequests", tally.benignTestWeek).put("testWeekFalsePositives", tally.falsePositivesTestWeek)
                .put("testWeekFalsePositiveRate", tally.benignTestWeek == 0 ? 0
                        : (double) tally.falsePositivesTestWeek / tally.benignTestWeek)
                .put("collateral", tally.collateral).put("transportErrors", tally.errors);
        tally.byReason.forEach(benign.putObject("byReason")::put);
        tally.byRoute.forEach(benign.putObject("byRoute")::put);
        fpFactors.forEach(benign.putObject("factorsInFalsePositives")::put);
        return report;
    }

    /** Where the simulation's addresses are: the office in Amsterdam, homes around Utrecht, travel, attackers. */
    static final String GEO = """
            10.20.0.0/16,NL,52.37,4.90
            10.30.0.0/16,NL,52.37,4.90
            100.64.0.0/16,NL,52.09,5.12
            100.65.0.0/16,DE,52.52,13.40
            100.66.0.0/16,FR,48.85,2.35
            203.0.113.0/24,BR,-23.55,-46.63
            198.51.100.0/24,RU,55.75,37.62
            """;
}
