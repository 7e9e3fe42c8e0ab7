package io.vigil.bench.risk;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benign population and its traffic: office workers on weekdays (some from home, a few
 * travelling, some working late, a rare weekend hour), each with a few favourite endpoints and
 * their own orders, plus services that poll the API around the clock with API keys.
 */
final class Population {

    static final String[] ROUTES = {"orders-list", "order", "orders-create", "profile", "reports"};
    static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"};

    final List<Human> humans = new ArrayList<>();
    final List<Machine> machines = new ArrayList<>();
    private final SplittableRandom random;
    private final long start;
    private final int days;
    /** Services that also run a nightly batch (a burst of paging at 02:00), as real ones do. */
    private final int batchJobs;

    Population(SplittableRandom random, long start, int days, int batchJobs) {
        this.batchJobs = batchJobs;
        this.random = random;
        this.start = start;
        this.days = days;
    }

    void addHuman(TokenMint mint, int i, boolean admin) {
        List<String> favourites = new ArrayList<>(List.of("orders-list", "order"));
        for (String route : List.of("orders-create", "profile", "reports")) {
            if (random.nextDouble() < 0.5) {
                favourites.add(route);
            }
        }
        if (admin) {
            favourites.add("admin-users");
        }
        double startHour = 7.5 + random.nextDouble() * 2;
        // Administrators always log in with a second factor; of the rest, most do.
        humans.add(new Human(mint, "user-" + i, admin || random.nextDouble() < 0.85, admin ? List.of("admin") : List.of(),
                AGENTS[random.nextInt(AGENTS.length)], "10.20." + (i % 8) + "." + (10 + i),
                "100.64." + i + "." + (2 + random.nextInt(200)), startHour, startHour + 8 + random.nextDouble(),
                favourites, 10_000L + i * 100L));
    }

    void addMachine(int i, java.util.function.Supplier<String> newKey) {
        machines.add(new Machine("service-" + i, "10.30." + i + ".10", "orders-sync/" + (1 + i % 3) + ".4 (java)", newKey));
    }

    /** Every benign request of the simulation, unsorted. @param travellers humans away on one test-week day each */
    List<Planned> plan(int learnDays, List<Human> travellers) {
        List<Planned> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            long midnight = start + d * 86_400_000L;
            boolean weekend = Instant.ofEpochMilli(midnight).atZone(ZoneOffset.UTC).getDayOfWeek().getValue()
                    >= DayOfWeek.SATURDAY.getValue();
            for (Human h : humans) {
                int traveller = travellers.indexOf(h);
                boolean travelling = traveller >= 0 && d == learnDays + traveller % (days - learnDays);
                workday(h, midnight, weekend, travelling, traveller, out);
            }
        }
        for (Machine m : machines) {
            poll(m, out);
        }
        // The batch services are the last ones: the attacks ride the first few.
        for (int i = 0; i < batchJobs && i < machines.size() - Attacks.INSTANCES; i++) {
            Machine m = machines.get(machines.size() - 1 - i);
            for (int d = 0; d < days; d++) {
                long t = start + d * 86_400_000L + 2 * 3_600_000L + random.nextInt(600_000);
                for (int page = 1; page <= 150; page++) {
                    out.add(new Planned(t + page * 800L, m, m.ip, m.agent, "GET", "/orders?page=" + page + "&since=yesterday", null));
                }
            }
        }
        return out;
    }

    private void workday(Human h, long midnight, boolean weekend, boolean travelling, int traveller, List<Planned> out) {
        double from;
        double to;
        if (weekend) {
            if (random.nextDouble() >= 0.03) {
                return;
            }
            from = 10 + random.nextDouble() * 2;
            to = from + 1;
        } else {
            if (random.nextDouble() < 0.03) {
                return;             // a day off
            }
            from = h.startHour + gaussian(0.3);
            to = h.endHour + gaussian(0.3) + (random.nextDouble() < 0.05 ? 2.5 : 0);
        }
        String ip;
        if (travelling) {
            ip = (traveller % 2 == 0 ? "100.65." : "100.66.") + (traveller + 1) + "." + (2 + random.nextInt(200));
        } else {
            ip = weekend || random.nextDouble() < 0.3 ? h.home : h.office;
        }
        long t = midnight + (long) (from * 3_600_000);
        long end = midnight + (long) (to * 3_600_000);
        while (t < end) {
            burst(h, t, ip, out);
            t += (long) (exponential(12 * 60_000));
        }
    }

    /** A few requests in a row: a list, then reads and the odd write, seconds apart. */
    private void burst(Human h, long t, String ip, List<Planned> out) {
        int n = 1 + Math.min(5, (int) exponential(1.5));
        for (int i = 0; i < n; i++) {
            String route;
            if (i == 0) {
                route = h.routes.contains("admin-users") && random.nextDouble() < 0.3 ? "admin-users" : "orders-list";
            } else if (random.nextDouble() < 0.01) {
                route = ROUTES[random.nextInt(ROUTES.length)];   // now and then, something new
            } else {
                route = h.routes.get(1 + random.nextInt(h.routes.size() - 1));
            }
            out.add(request(h, t, ip, h.agent, route, h.firstOrder + random.nextInt(40), null));
            t += 3_000 + random.nextInt(17_000);
        }
    }

    private void poll(Machine m, List<Planned> out) {
        long interval = (8 + random.nextInt(8)) * 60_000L;
        long t = start + random.nextInt((int) interval);
        long end = start + days * 86_400_000L;
        long firstOrder = 50_000 + Long.parseLong(m.name.substring("service-".length())) * 1_000;
        while (t < end) {
            out.add(request(m, t, m.ip, m.agent, "orders-list", 0, null));
            if (random.nextDouble() < 0.5) {
                out.add(request(m, t + 2_000, m.ip, m.agent, "order", firstOrder + random.nextInt(200), null));
            }
            t += interval + random.nextInt(60_000) - 30_000;
        }
    }

    Planned request(Caller caller, long t, String ip, String agent, String route, long order, Attack attack) {
        return switch (route) {
            case "orders-list" -> new Planned(t, caller, ip, agent, "GET", "/orders?page=" + (1 + (int) exponential(0.5)), attack);
            case "order" -> new Planned(t, caller, ip, agent, "GET",
                    "/orders/" + (random.nextDouble() < 0.01 ? SampleApi.MISSING_FROM + random.nextInt(1_000) : order), attack);
            case "orders-create" -> new Planned(t, caller, ip, agent, "POST", "/orders", attack);
            case "profile" -> new Planned(t, caller, ip, agent, "GET", "/profile", attack);
            case "reports" -> new Planned(t, caller, ip, agent, "GET",
                    "/reports/" + List.of("daily", "weekly", "monthly").get(random.nextInt(3)), attack);
            case "admin-users" -> new Planned(t, caller, ip, agent, "GET", "/admin/users", attack);
            default -> throw new IllegalArgumentException(route);
        };
    }

    private double gaussian(double sd) {
        // Box-Muller on the seeded generator, so a run is reproducible.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }
}
