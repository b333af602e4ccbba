package com.partner.comptappart.handlers.boundary;

import com.partner.comptappart.handlers.control.HandlerRunStore;
import com.partner.comptappart.handlers.control.HandlerRuns;
import com.partner.comptappart.handlers.entity.HandlerRun;
import com.partner.comptappart.platform.boundary.SameOriginRequired;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code /api/ops/handler-runs}: the partner handlers' runs after each stored order (state,
 * attempts, last failure), and a run started again by ops. Restricted to the role {@code ops}.
 */
@Path("ops/handler-runs")
@Produces(MediaType.APPLICATION_JSON)
public class OpsHandlerRunResource {

  @Inject HandlerRunStore store;
  @Inject HandlerRuns runs;

  @GET
  public List<HandlerRunView> search(
      @QueryParam("state") HandlerRun.State state,
      @QueryParam("eventId") String eventId,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    return store.search(state, eventId, Math.max(1, Math.min(limit, 500))).stream()
        .map(HandlerRunView::of)
        .toList();
  }

  /** Runs it again now (a failed or pending run; a done one is left as it is). */
  @POST
  @Path("{id}/run")
  @SameOriginRequired
  public HandlerRunView runAgain(@PathParam("id") long id) {
    runs.runAgain(id).orElseThrow(() -> notFound(id));
    return store.find(id).map(HandlerRunView::of).orElseThrow(() -> notFound(id));
  }

  private static RejectedRequest notFound(long id) {
    return new RejectedRequest(Rejection.HANDLER_RUN_NOT_FOUND, "No handler run " + id + ".");
  }
}
