package io.vigil.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.auth.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which plan a caller is on: the API key's own, the token's claim, else the default; never none by mistake. */
class PlansTest {

    static final Plans PLANS = new Plans("org.tier", "free", Map.of(
            "free", new Plans.Plan("free", Limits.NONE), "gold", new Plans.Plan("gold", Limits.NONE)));

    static Principal principal(Principal.Type type, String method, Map<String, Object> claims) {
        return new Principal(type, "s", "i", method, Set.of(), Set.of(), null, null, List.of(), 0, null, null, null, 0,
                Map.of(), claims, 0);
    }

    @Test
    void tokensNameTheirPlanByTheConfiguredClaim() {
        assertThat(PLANS.of(principal(Principal.Type.USER, "jwt:corp", Map.of("org", Map.of("tier", "gold")))).name())
                .isEqualTo("gold");
        assertThat(PLANS.of(principal(Principal.Type.USER, "jwt:corp", Map.of("plan", "gold"))).name()).isEqualTo("free");
        assertThat(PLANS.of(principal(Principal.Type.USER, "jwt:corp", Map.of("org", Map.of("tier", "platinum")))).name())
                .isEqualTo("free");
    }

    @Test
    void apiKeysCarryTheirOwnPlanAndAnonymousCallersNone() {
        assertThat(PLANS.of(principal(Principal.Type.APIKEY, "apikey", Map.of("plan", "gold"))).name()).isEqualTo("gold");
        assertThat(PLANS.of(Principal.ANONYMOUS)).isNull();
        assertThat(PLANS.of(null)).isNull();
    }
}
