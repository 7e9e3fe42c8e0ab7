package io.vigil.bench.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The attacks injected into the test week, {@value #INSTANCES} of each kind, each on its own
 * victim and at its own time, mixed into benign traffic.
 */
final class Attacks {

    static final int INSTANCES = 5;
    static final List<String> TYPES = List.of("credential_stuffing", "bola_enumeration", "scraping_burst", "stolen_token",
            "offhours_admin", "slow_probing");

    final List<Attack> attacks = new ArrayList<>();
    private final Population population;
    private final SplittableRandom random;
    private final TokenMint mint;

    Attacks(Population population, SplittableRandom random, TokenMint mint) {
        this.population = population;
        this.random = random;
        this.mint = mint;
    }

    /** @param firstDay midnight (simulated) of the first test-week day, a Monday */
    List<Planned> plan(long firstDay) {
        List<Planned> out = new ArrayList<>();
        List<Human> humans = population.humans;
        for (int k = 0; k < INSTANCES; k++) {
            long day = firstDay + k * 86_400_000L;
            stuffing(k, day + hours(10 + random.nextDouble() * 6), out);
            Human insider = humans.get(4 + k);
            enumeration(k, insider, day + hours(insider.startHour + 2 + random.nextDouble() * 4), out);
            scraping(k, population.machines.get(k), day + hours(9 + random.nextDouble() * 8), out);
            Human robbed = humans.get(10 + k);
            stolen(k, robbed, day + hours(robbed.startHour + 1 + random.nextDouble() * 5), out);
            // Nights from Tuesday to Saturday, 02:00-04:00.
            offHours(k, humans.get(k % 4), day + 86_400_000L + hours(2 + random.nextDouble() * 2), out);
            Human probed = humans.get(16 + k);
            probing(k, probed, day + hours(probed.startHour + 1 + random.nextDouble() * 4), out);
        }
        return out;
    }

    private void stuffing(int k, long start, List<Planned> out) {
        Caller stuffer = new Stuffer(random.nextLong());
        Attack a = add("credential_stuffing", k, start, 200, 200, null);
        for (int i = 0; i < 200; i++) {
            out.add(new Planned(start + i * 200L, stuffer, "198.51.100." + (10 + k), "python-requests/2.31.0", "GET",
                    "/orders?page=1", a));
        }
    }

    /** An insider (or a hijacked browser session) walking order ids the API wrongly serves to anyone. */
    private void enumeration(int k, Human insider, long start, List<Planned> out) {
        Attack a = add("bola_enumeration", k, start, 200, 1_500, insider);
        for (int i = 0; i < 200; i++) {
            out.add(new Planned(start + i * 1_500L, insider, insider.office, insider.agent, "GET",
                    "/orders/" + (100_000 + k * 10_000 + i), a));
        }
    }

    /** A service's key pulling every page of orders, far above its usual few calls an hour. */
    private void scraping(int k, Machine machine, long start, List<Planned> out) {
        Attack a = add("scraping_burst", k, start, 200, 250, machine);
        for (int i = 0; i < 200; i++) {
            out.add(new Planned(start + i * 250L, machine, machine.ip, machine.agent, "GET", "/orders?page=" + (i + 1), a));
        }
    }

    /** The victim's live token replayed from another country and client while the victim works on. */
    private void stolen(int k, Human victim, long start, List<Planned> out) {
        Attack a = add("stolen_token", k, start, 40, 3_000, victim);
        Thief thief = new Thief(victim);
        for (int i = 0; i < 40; i++) {
            String route = i % 3 == 0 ? "orders-list" : i % 3 == 1 ? "order" : "profile";
            out.add(population.request(thief, start + i * 3_000L, "203.0.113." + (10 + k), "python-requests/2.31.0",
                    route, victim.firstOrder + i, a));
        }
    }

    /** An administrator's account used in the small hours, from their home network and usual browser. */
    private void offHours(int k, Human admin, long start, List<Planned> out) {
        Human intruder = new Human(mint, admin.name, admin.mfa, admin.roles, admin.agent, admin.office, admin.home,
                admin.startHour, admin.endHour, admin.routes, admin.firstOrder);
        Attack a = add("offhours_admin", k, start, 30, 20_000, admin);
        for (int i = 0; i < 30; i++) {
            out.add(population.request(intruder, start + i * 20_000L, admin.home, admin.agent,
                    i % 2 == 0 ? "admin-users" : "orders-list", 0, a));
        }
    }

    /** Low and slow: an account trying what it may not, every 20 seconds, between ordinary calls. */
    private void probing(int k, Human victim, long start, List<Planned> out) {
        Human prober = new Human(mint, victim.name, victim.mfa, victim.roles, victim.agent, victim.office, victim.home,
                victim.startHour, victim.endHour, victim.routes, victim.firstOrder);
        Attack a = add("slow_probing", k, start, 90, 20_000, victim);
        for (int i = 0; i < 90; i++) {
            long t = start + i * 20_000L;
            String path = switch (i % 4) {
                case 0 -> "/admin/users";
                case 1 -> "/orders/" + (SampleApi.MISSING_FROM + 500 + i);
                case 2 -> "/reports/" + List.of("export", "all", "debug", "users", "keys").get(i % 5);
                default -> "/orders/" + (victim.firstOrder + i % 40);
            };
            out.add(new Planned(t, prober, victim.office, victim.agent, "GET", path, a));
        }
    }

    private Attack add(String type, int k, long start, int requests, long gapMillis, Caller victim) {
        Attack a = new Attack(type, k, start, start + (requests - 1) * gapMillis, victim);
        attacks.add(a);
        return a;
    }

    private static long hours(double h) {
        return (long) (h * 3_600_000);
    }
}
