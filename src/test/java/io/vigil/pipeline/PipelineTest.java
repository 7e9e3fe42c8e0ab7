package io.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {

    static Exchange exchange() {
        return Exchange.builder().requestId("r").method("GET").rawTarget("/").clientAddress("127.0.0.1").build();
    }

    static Stage stage(Phase phase, java.util.function.Function<Exchange, Future<Decision>> body) {
        return new Stage() {
            @Override
            public Phase phase() {
                return phase;
            }

            @Override
            public Future<Decision> apply(Exchange exchange) {
                return body.apply(exchange);
            }
        };
    }

    @Test
    void stages_run_in_phase_order_whatever_order_they_are_given_in() {
        List<Phase> seen = new ArrayList<>();
        Pipeline pipeline = new Pipeline(List.of(
                stage(Phase.AUTHENTICATE, e -> { seen.add(Phase.AUTHENTICATE); return Decision.CONTINUE_FUTURE; }),
                stage(Phase.NORMALISE, e -> { seen.add(Phase.NORMALISE); return Decision.CONTINUE_FUTURE; }),
                stage(Phase.ROUTE, e -> { seen.add(Phase.ROUTE); return Decision.CONTINUE_FUTURE; })));
        assertThat(pipeline.run(exchange()).result()).isSameAs(Decision.CONTINUE);
        assertThat(seen).containsExactly(Phase.NORMALISE, Phase.ROUTE, Phase.AUTHENTICATE);
    }

    @Test
    void the_first_denial_stops_the_run() {
        List<Phase> seen = new ArrayList<>();
        Pipeline pipeline = new Pipeline(List.of(
                stage(Phase.ROUTE, e -> Future.succeededFuture(Decision.deny(Reason.NO_ROUTE, "none"))),
                stage(Phase.AUTHENTICATE, e -> { seen.add(Phase.AUTHENTICATE); return Decision.CONTINUE_FUTURE; })));
        assertThat(pipeline.run(exchange()).result()).isEqualTo(Decision.deny(Reason.NO_ROUTE, "none"));
        assertThat(seen).isEmpty();
    }

    @Test
    void asynchronous_stages_continue_when_done() {
        Promise<Decision> pending = Promise.promise();
        List<Phase> seen = new ArrayList<>();
        Pipeline pipeline = new Pipeline(List.of(
                stage(Phase.AUTHENTICATE, e -> pending.future()),
                stage(Phase.AUTHORIZE, e -> { seen.add(Phase.AUTHORIZE); return Decision.CONTINUE_FUTURE; })));
        Future<Decision> run = pipeline.run(exchange());
        assertThat(run.isComplete()).isFalse();
        pending.complete(Decision.CONTINUE);
        assertThat(run.result()).isSameAs(Decision.CONTINUE);
        assertThat(seen).containsExactly(Phase.AUTHORIZE);
    }

    @Test
    void anything_but_continue_or_deny_fails_closed() {
        for (Stage bad : List.of(
                stage(Phase.AUTHENTICATE, e -> Future.succeededFuture()),
                stage(Phase.AUTHENTICATE, e -> null),
                stage(Phase.AUTHENTICATE, e -> { throw new IllegalStateException("boom"); }),
                stage(Phase.AUTHENTICATE, e -> Future.failedFuture("down")))) {
            Future<Decision> run = new Pipeline(List.of(bad)).run(exchange());
            assertThat(run.failed()).isTrue();
        }
        Promise<Decision> pending = Promise.promise();
        Future<Decision> run = new Pipeline(List.of(stage(Phase.AUTHENTICATE, e -> pending.future()))).run(exchange());
        pending.complete(null);
        assertThat(run.failed()).isTrue();
    }

    @Test
    void body_stages_run_only_in_the_second_half() {
        List<Phase> seen = new ArrayList<>();
        Stage reader = new Stage() {
            @Override
            public Phase phase() {
                return Phase.VALIDATE;
            }

            @Override
            public boolean needsBody() {
                return true;
            }

            @Override
            public Future<Decision> apply(Exchange exchange) {
                seen.add(Phase.VALIDATE);
                return Decision.CONTINUE_FUTURE;
            }
        };
        Pipeline pipeline = new Pipeline(List.of(reader,
                stage(Phase.ROUTE, e -> { seen.add(Phase.ROUTE); return Decision.CONTINUE_FUTURE; }),
                stage(Phase.ASSERT_IDENTITY, e -> { seen.add(Phase.ASSERT_IDENTITY); return Decision.CONTINUE_FUTURE; })));
        assertThat(pipeline.needsBody()).isTrue();
        pipeline.runHead(exchange());
        assertThat(seen).containsExactly(Phase.ROUTE);
        pipeline.runBody(exchange());
        assertThat(seen).containsExactly(Phase.ROUTE, Phase.VALIDATE, Phase.ASSERT_IDENTITY);
        assertThat(new Pipeline(List.of()).needsBody()).isFalse();
    }
}
