package io.vigil.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.discovery.spec.SpecIndex;
import io.vigil.discovery.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields seen in sampled responses but missing from the spec's response schema are drift (maybe a leak). */
class FieldDriftTest {

    @Test
    void observedFieldsOutsideTheResponseSchemaAreDrift() {
        SpecIndex spec = SpecIndex.of(SpecReader.read("users.yaml", """
                openapi: 3.0.3
                info: { title: Users, version: "1" }
                paths:
                  /users/{id}:
                    get:
                      responses:
                        "200":
                          content:
                            application/json:
                              schema: { type: object, properties: { id: { type: string }, name: { type: string } } }
                """, null));
        EndpointTree tree = new EndpointTree(50, 1_000);
        tree.observe(new Observation(1_000, "api", "GET", "/users/42", 200, "jwt", null, "users", "traffic"));
        tree.observeBody("api", "GET", "/users/42", BodyShape.of("""
                {"id": "42", "name": "Ada", "passwordHash": "$2b$12$abcdefghijklmnopqrstuv", "email": "ada@example.com"}
                """.getBytes(StandardCharsets.UTF_8)));
        List<InventoryEntry> entries = new Classifier(Map.of(), spec, Duration.ofDays(30)).classify(tree.endpoints(),
                Instant.ofEpochMilli(2_000));
        InventoryEntry users = entries.stream().filter(e -> e.template().equals("/users/{id}")).findFirst().orElseThrow();
        assertThat(users.findings()).anySatisfy(f -> {
            assertThat(f.classification()).isEqualTo("drift");
            assertThat(f.evidence()).startsWith("response fields email, passwordHash not in the response schema of users.yaml");
        }).anySatisfy(f -> {
            assertThat(f.classification()).isEqualTo("sensitive");
            assertThat(f.evidence()).contains("email in email", "secret in passwordHash");
        });
        assertThat(InventoryReport.entry(users).get("classifications").toString()).isEqualTo("[\"drift\",\"sensitive\"]");
    }
}
