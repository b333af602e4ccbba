package com.partner.comptappart.console.boundary;

import com.partner.comptappart.console.control.IntegrationEvidence;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;

/**
 * {@code GET /api/ops/integration?days=30}: the go-live evidence of this environment (the console's
 * Integration page, which also exports it as a report). Restricted to the role {@code ops}
 * (web.xml); {@code days} is kept between 1 and 365.
 */
@Path("ops/integration")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrationResource {

  @Inject IntegrationEvidence evidence;

  @GET
  public IntegrationEvidence.Report show(@QueryParam("days") @DefaultValue("30") int days) {
    return evidence.since(Duration.ofDays(Math.max(1, Math.min(days, 365))));
  }
}
