package org.example.billing;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * All JAX-RS resources of the billing service live under /api.
 * Resources are discovered by classpath scanning (no explicit getClasses()).
 */
@ApplicationPath("/api")
public class BillingApplication extends Application {
}
