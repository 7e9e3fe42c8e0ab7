package io.vigil.discovery;

/**
 * One judgement about an endpoint, with what it rests on and what to do about it.
 *
 * @param classification {@code shadow}, {@code zombie}, {@code unused}, {@code unauthenticated}, {@code sensitive} or {@code drift}
 * @param evidence what was seen (or not seen) that says so
 * @param action what to do next
 */
public record Finding(String classification, String evidence, String action) {

    public static final java.util.List<String> CLASSIFICATIONS = java.util.List.of("shadow", "zombie", "unused",
            "unauthenticated", "sensitive", "drift");
}
