package io.vigil.risk;

import io.vigil.auth.Principal;
import io.vigil.pipeline.Exchange;
import java.util.List;

/** Device posture as the identity provider reports it: {@code device_compliant: false} adds risk. */
final class DeviceSignal implements Signal {

    private final Weights weights;

    DeviceSignal(Weights weights) {
        this.weights = weights;
    }

    @Override
    public void assess(Exchange exchange, List<Factor> out) {
        Principal p = exchange.principal();
        if (p != null && Boolean.FALSE.equals(p.claims().get("device_compliant"))) {
            out.add(new Factor("device.noncompliant", weights.of("device.noncompliant"), "device_compliant false"));
        }
    }
}
