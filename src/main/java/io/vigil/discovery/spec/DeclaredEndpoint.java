package io.vigil.discovery.spec;

import java.util.Set;

/**
 * One operation a spec declares.
 *
 * @param spec the file it comes from
 * @param template the full path (base path included) with the spec's own parameter names: {@code /v1/orders/{orderId}}
 * @param deprecated {@code deprecated: true}
 * @param retired {@code x-lifecycle: retired} (or {@code x-retired: true}): must no longer be served
 * @param secured it has a security requirement (its own, or the document's); false for an explicit {@code security: []}
 * @param owner {@code x-owner} of the operation, else of its path, else of the document's info or root
 * @param responses the status codes it declares ({@code 200}, {@code 4XX}, {@code default})
 * @param responseFields the field paths its successful JSON responses declare ({@code items[].sku};
 *     {@code prefix.*} for an open object), or null when it declares no JSON schema
 * @param requestFields the field paths its JSON request body declares, or null when it declares none
 */
public record DeclaredEndpoint(String spec, String method, String template, boolean deprecated, boolean retired,
        boolean secured, String owner, Set<String> responses, String operationId, Set<String> responseFields,
        Set<String> requestFields) {

    /** Observed response fields the spec does not declare (none when it declares no schema). */
    public java.util.List<String> undeclaredFields(Set<String> observed) {
        return undeclared(responseFields, observed);
    }

    /** Observed request body fields the spec does not declare (none when it declares no request schema). */
    public java.util.List<String> undeclaredRequestFields(Set<String> observed) {
        return undeclared(requestFields, observed);
    }

    private static java.util.List<String> undeclared(Set<String> declared, Set<String> observed) {
        if (declared == null) {
            return java.util.List.of();
        }
        return observed.stream().filter(f -> !SchemaFields.declares(declared, f)).sorted().toList();
    }

    /** Whether the spec declares this status: exactly, by range ({@code 4XX}) or by {@code default}. */
    public boolean declares(int status) {
        return responses.contains(String.valueOf(status)) || responses.contains((status / 100) + "XX")
                || responses.contains(status / 100 + "xx") || responses.contains("default");
    }
}
