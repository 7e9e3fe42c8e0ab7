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

    @Test
    void requestFieldsOutsideTheRequestSchemaAreDrift() {
        SpecIndex v3 = SpecIndex.of(SpecReader.read("users.yaml", """
                openapi: 3.0.3
                info: { title: Users, version: "1" }
                paths:
                  /users:
                    post:
                      requestBody: { $ref: "#/components/requestBodies/NewUser" }
                      responses: { "201": { description: created } }
                  /notes:
                    post:
                      requestBody:
                        content:
                          application/json:
                            schema: { type: object, additionalProperties: true }
                      responses: { "201": { description: created } }
                components:
                  requestBodies:
                    NewUser:
                      content:
                        application/json:
                          schema:
                            type: object
                            properties: { name: { type: string }, address: { type: object, properties: { city: { type: string } } } }
                """, null));
        SpecIndex v2 = SpecIndex.of(SpecReader.read("users-v2.json", """
                {"swagger": "2.0", "info": {"title": "Users", "version": "1"}, "paths": {"/users": {"post": {
                  "parameters": [{"in": "body", "name": "user", "schema": {"type": "object",
                      "properties": {"name": {"type": "string"}, "address": {"type": "object",
                      "properties": {"city": {"type": "string"}}}}}}],
                  "responses": {"201": {"description": "created"}}}}}}
                """, null));
        EndpointTree tree = new EndpointTree(50, 1_000);
        tree.observe(new Observation(1_000, "api", "POST", "/users", 201, "jwt", null, "users", "traffic"));
        tree.observeRequestBody("api", "POST", "/users", java.util.Set.of("name", "address", "address.city", "isAdmin",
                "address.country"));
        tree.observe(new Observation(1_000, "api", "POST", "/notes", 201, "jwt", null, "notes", "traffic"));
        tree.observeRequestBody("api", "POST", "/notes", java.util.Set.of("text", "tags[]"));
        for (SpecIndex spec : List.of(v3, v2)) {
            List<InventoryEntry> entries = new Classifier(Map.of(), spec, Duration.ofDays(30)).classify(tree.endpoints(),
                    Instant.ofEpochMilli(2_000));
            InventoryEntry users = entries.stream().filter(e -> e.template().equals("/users")).findFirst().orElseThrow();
            assertThat(users.findings()).singleElement().satisfies(f -> {
                assertThat(f.classification()).isEqualTo("drift");
                assertThat(f.evidence()).startsWith("request fields address.country, isAdmin not in the request schema of users");
                assertThat(f.action()).contains("mass assignment");
            });
            if (spec == v3) {
                InventoryEntry notes = entries.stream().filter(e -> e.template().equals("/notes")).findFirst().orElseThrow();
                assertThat(notes.findings()).as("an open request object declares whatever comes").isEmpty();
            }
        }
    }
}
