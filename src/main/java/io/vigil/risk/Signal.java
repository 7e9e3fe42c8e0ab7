package io.vigil.risk;

import io.vigil.pipeline.Exchange;
import java.util.List;

/** One source of risk factors, judged from what the exchange already holds (no I/O). */
public interface Signal {

    /** Adds this signal's factors for the request, if any. */
    void assess(Exchange exchange, List<Factor> out);
}
