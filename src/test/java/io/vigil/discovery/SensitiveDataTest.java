package io.vigil.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensitiveDataTest {

    @Test
    void eachKindIsRecognisedAndLookalikesAreNot() {
        assertThat(SensitiveData.classify("contact", "ada@example.com")).isEqualTo("email");
        assertThat(SensitiveData.classify("contact", "ada at example.com")).isNull();
        assertThat(SensitiveData.classify("card", "4111 1111 1111 1111")).isEqualTo("card_number");
        assertThat(SensitiveData.classify("card", "4111 1111 1111 1112")).as("fails Luhn").isNull();
        assertThat(SensitiveData.classify("requestId", "ce49b6443811d345c99fb8684f26257b"))
                .as("a hex id that passes mod 97 once upper-cased, at no country's IBAN length").isNull();
        assertThat(SensitiveData.classify("order", "1234567890123")).as("an id, not a card (no card prefix, or Luhn)").isNull();
        assertThat(SensitiveData.classify("iban", "DE89 3704 0044 0532 0130 00")).isEqualTo("iban");
        assertThat(SensitiveData.classify("iban", "DE89 3704 0044 0532 0130 01")).as("fails mod 97").isNull();
        assertThat(SensitiveData.classify("ssn", "123-45-6789")).isEqualTo("national_id");
        assertThat(SensitiveData.classify("ssn", "000-45-6789")).isNull();
        assertThat(SensitiveData.classify("phone", "+49 30 1234567")).isEqualTo("phone");
        assertThat(SensitiveData.classify("phone", "(415) 555-0100")).isEqualTo("phone");
        assertThat(SensitiveData.classify("version", "1.2.3")).isNull();
        assertThat(SensitiveData.classify("token", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln")).isEqualTo("secret");
        assertThat(SensitiveData.classify("key", "AKIAIOSFODNN7EXAMPLE")).isEqualTo("secret");
        assertThat(SensitiveData.classify("password", "hunter22")).as("by field name").isEqualTo("secret");
        assertThat(SensitiveData.classify("status", "shipped")).isNull();
        assertThat(SensitiveData.classify("pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIB")).isEqualTo("secret");
    }

    @Test
    void aBodyGivesItsFieldPathsAndWhereSensitiveDataIs() {
        BodyShape shape = BodyShape.of("""
                {"id": 7, "customer": {"email": "ada@example.com", "name": "Ada"},
                 "items": [{"sku": "A-1", "card": "4111-1111-1111-1111"}, {"sku": "B-2"}],
                 "tags": ["x", "y"], "note": null}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(shape.fields()).containsExactlyInAnyOrder("id", "customer", "customer.email", "customer.name", "items",
                "items[].sku", "items[].card", "tags", "note");
        assertThat(shape.sensitive()).isEqualTo(Map.of("email", "customer.email", "card_number", "items[].card"));
        assertThat(BodyShape.of("not json at all".getBytes(StandardCharsets.UTF_8)).fields()).isEmpty();
        BodyShape keyed = BodyShape.of(("{\"balances\": {\"DE89370400440532013000\": 1, \"ada@example.com\": 2, \"12345\": 3, \""
                + "x".repeat(100) + "\": 4}, \"cards\": [4111111111111111]}").getBytes(StandardCharsets.UTF_8));
        assertThat(keyed.fields()).as("keys that are data are not kept").containsExactlyInAnyOrder("balances", "balances.{key}",
                "balances.{long}", "cards");
        assertThat(keyed.sensitive()).isEqualTo(Map.of("card_number", "cards[]"));
        assertThat(BodyShape.of("{\"a\": {\"b\": 1, \"c\"".getBytes(StandardCharsets.UTF_8)).fields()).as("cut short")
                .contains("a", "a.b");
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            deep.append("{\"d\":");
        }
        assertThat(BodyShape.of(deep.toString().getBytes(StandardCharsets.UTF_8)).fields().size()).isLessThanOrEqualTo(BodyShape.MAX_DEPTH);
    }
}
