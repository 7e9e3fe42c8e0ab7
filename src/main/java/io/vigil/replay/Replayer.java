package io.vigil.replay;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vigil.auth.AuthenticateStage;
import io.vigil.auth.StepUpStage;
import io.vigil.authz.AuthorizationStage;
import io.vigil.config.Runtime;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Stage;
import io.vigil.route.RouteStage;
import io.vigil.server.NormaliseStage;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides recorded requests again under a candidate config, without the network: normalisation,
 * routing (and a route's {@code undocumented:} check against its spec), authentication (as recorded, see {@link ReplayAuthentication}), step-up and
 * authorization (scopes, roles, claims, workloads, CEL policies), at the time each request was
 * made. Not replayed: rate limits and quotas (they depend on the live traffic mix), body limits,
 * the revocation list and anything upstream.
 */
public final class Replayer {

    private final List<Stage> stages = new ArrayList<>();

    public Replayer(Runtime candidate) {
        for (Stage stage : candidate.pipeline().stages()) {
            if (stage instanceof AuthenticateStage) {
                stages.add(new ReplayAuthentication());
            } else if (stage instanceof NormaliseStage || stage instanceof RouteStage || stage instanceof StepUpStage
                    || stage instanceof AuthorizationStage || stage instanceof io.vigil.discovery.UndocumentedStage) {
                stages.add(stage);
            }
        }
    }

    public Verdict decide(RecordedRequest recorded) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        recorded.headers().forEach(headers::add);
        if (recorded.host() != null) {
            headers.set("host", recorded.host());
        }
        Exchange exchange = Exchange.builder()
                .requestId(recorded.requestId())
                .method(recorded.method())
                .rawTarget(recorded.path())
                .scheme(recorded.scheme())
                .host(recorded.host())
                .authority(recorded.host())
                .headers(headers)
                .clientAddress(recorded.client())
                .startEpochMillis(recorded.time())
                .build();
        exchange.set(ReplayAuthentication.RECORDED, recorded);
        for (Stage stage : stages) {
            Future<Decision> result = stage.apply(exchange);
            if (!result.isComplete()) {
                throw new IllegalStateException(stage.getClass().getSimpleName() + " waited on I/O during replay");
            }
            if (result.failed()) {
                throw new IllegalStateException(stage.getClass().getSimpleName() + " failed: " + result.cause().getMessage(),
                        result.cause());
            }
            if (result.result() instanceof Decision.Deny deny) {
                return new Verdict(exchange.route() == null ? null : exchange.route().id(), deny, exchange.wouldDeny());
            }
        }
        return new Verdict(exchange.route() == null ? null : exchange.route().id(), null, exchange.wouldDeny());
    }
}
