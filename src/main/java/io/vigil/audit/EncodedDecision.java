package io.vigil.audit;

/**
 * A decision record with its JSON line, encoded once on the writer thread and shared by every
 * sink (the file writes the line; the store keeps it as the row's {@code record}).
 */
public record EncodedDecision(DecisionRecord record, String json) {
}
