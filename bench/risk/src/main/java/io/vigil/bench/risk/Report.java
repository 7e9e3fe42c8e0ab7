package io.vigil.bench.risk;

import com.fasterxml.jackson.databind.JsonNode;

/** The simulation's result as the Markdown tables that go in the closing note and bench/README.md. */
final class Report {

    private Report() {
    }

    static String markdown(JsonNode r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Risk simulation: seed %d, %d users, %d services (%d with a nightly batch), %d days (%d to learn),"
                        + " %,d requests in %.0f s (%,d/s)%n%n",
                r.get("seed").asLong(), r.get("users").asInt(), r.get("services").asInt(), r.path("batchJobs").asInt(), r.get("days").asInt(),
                r.get("learnDays").asInt(), r.get("requests").asLong(), r.get("wallSeconds").asDouble(),
                r.get("requestsPerSecond").asLong()));
        out.append("| attack | detected | within 50 requests | requests to detection (median / max) | time to detection (median / max) | caught by |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (JsonNode a : r.get("attacks")) {
            StringBuilder by = new StringBuilder();
            a.get("instances").forEach(i -> {
                String reason = i.path("detectedBy").asText("-");
                if (by.indexOf(reason) < 0) {
                    by.append(by.length() == 0 ? "" : ", ").append(reason);
                }
            });
            out.append(String.format("| %s | %d/%d | %d/%d | %s / %s | %s / %s | %s |%n", a.get("type").asText(),
                    a.get("detected").asInt(), a.get("count").asInt(), a.get("detectedWithin50").asInt(), a.get("count").asInt(),
                    a.path("medianRequestsToDetection").asText("-"), a.path("maxRequestsToDetection").asText("-"),
                    seconds(a.path("medianSecondsToDetection")), seconds(a.path("maxSecondsToDetection")), by));
        }
        JsonNode b = r.get("benign");
        out.append(String.format("%nBenign: %,d requests, %d stepped up or refused = %.3f %% (test week: %.3f %% of %,d); "
                        + "%d collateral refusals of attacked sessions; %d transport errors%n",
                b.get("requests").asLong(), b.get("falsePositives").asLong(), 100 * b.get("falsePositiveRate").asDouble(),
                100 * b.get("testWeekFalsePositiveRate").asDouble(), b.get("testWeekRequests").asLong(),
                b.get("collateral").asLong(), b.get("transportErrors").asLong()));
        out.append("False positives by reason: ").append(b.path("byReason")).append('\n');
        out.append("By route: ").append(b.path("byRoute")).append('\n');
        out.append("Risk factors present in them: ").append(b.path("factorsInFalsePositives")).append('\n');
        return out.toString();
    }

    private static String seconds(JsonNode value) {
        return value.isMissingNode() ? "-" : String.format("%.1f s", value.asDouble());
    }
}
