package com.partner.comptappart.console.boundary;

import com.partner.comptappart.console.control.Overview;
import com.partner.comptappart.platform.control.DatabaseOutage;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/ops/overview}: what the console opens with. Restricted to the role {@code ops}
 * (web.xml). While the database is away it still answers, with what this server knows.
 */
@Path("ops/overview")
@Produces(MediaType.APPLICATION_JSON)
public class OverviewResource {

  @Inject Overview overview;

  @GET
  public Overview.Snapshot show() {
    try {
      return overview.now();
    } catch (RuntimeException failure) {
      if (!DatabaseOutage.isCauseOf(failure)) {
        throw failure;
      }
      return overview.withoutDatabase();
    }
  }
}
