package io.vigil.risk;

import io.vigil.pipeline.Exchange;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A person's request outside the configured business hours (in {@code timeZone}) adds risk.
 * Services, workloads and anonymous callers are not judged by office hours.
 */
final class TimeSignal implements Signal {

    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    private final Weights weights;
    private final ZoneId zone;
    private final Set<DayOfWeek> days;
    private final int from;
    private final int to;

    /** @param from minute of the day the hours start; @param to minute they end (exclusive) */
    TimeSignal(Weights weights, ZoneId zone, Set<DayOfWeek> days, int from, int to) {
        this.weights = weights;
        this.zone = zone;
        this.days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
        this.from = from;
        this.to = to;
    }

    @Override
    public void assess(Exchange exchange, List<Factor> out) {
        io.vigil.auth.Principal p = exchange.principal();
        if (p == null || p.type() != io.vigil.auth.Principal.Type.USER) {
            return;     // business hours are people's; services and devices work around the clock
        }
        ZonedDateTime local = Instant.ofEpochMilli(exchange.startEpochMillis()).atZone(zone);
        int minute = local.getHour() * 60 + local.getMinute();
        boolean inHours = from <= to ? minute >= from && minute < to : minute >= from || minute < to;
        // A window that spans midnight belongs to the day it started on.
        DayOfWeek day = from > to && minute < to ? local.getDayOfWeek().minus(1) : local.getDayOfWeek();
        if (!inHours || !days.contains(day)) {
            int h = local.getHour();
            int m = local.getMinute();
            out.add(new Factor("time.off_hours", weights.of("time.off_hours"), DAYS[local.getDayOfWeek().ordinal()]
                    + (h < 10 ? " 0" : " ") + h + (m < 10 ? ":0" : ":") + m));
        }
    }
}
