package io.vigil.audit;

import java.util.List;

/** Where decision records go. Called only from the decision log's writer thread. */
public interface DecisionSink extends AutoCloseable {

    /** Writes a batch; throwing loses nothing already written by other sinks. */
    void write(List<EncodedDecision> batch) throws Exception;

    @Override
    void close() throws Exception;
}
