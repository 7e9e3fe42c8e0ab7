package io.vigil.replay;

import io.vigil.pipeline.Decision;
import java.util.List;

/**
 * What a candidate config decides for a recorded request.
 *
 * @param route the candidate route that matched, or null
 * @param deny the refusal, or null for an allow
 * @param wouldDeny refusals of controls in dry-run under the candidate
 */
public record Verdict(String route, Decision.Deny deny, List<Decision.Deny> wouldDeny) {

    public boolean allowed() {
        return deny == null;
    }
}
