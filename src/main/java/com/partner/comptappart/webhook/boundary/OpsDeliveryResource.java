package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.deliveries.control.DeliveryLog;
import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.platform.boundary.SameOriginRequired;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import com.partner.comptappart.webhook.control.DeliveryReplay;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * Ops' view of the delivery log: find deliveries, read what was sent, replay one. Restricted to the
 * role {@code ops} by the server's realm (web.xml).
 */
@Path("ops/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class OpsDeliveryResource {

  @Inject DeliveryLog log;
  @Inject DeliveryReplay replay;
  @Context SecurityContext security;

  @GET
  public List<DeliveryView> search(
      @QueryParam("outcome") Outcome outcome,
      @QueryParam("eventId") String eventId,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    return log.search(outcome, eventId, Math.max(1, Math.min(limit, 500))).stream()
        .map(delivery -> DeliveryView.of(delivery, false))
        .toList();
  }

  @GET
  @Path("{id}")
  public DeliveryView show(@PathParam("id") long id) {
    return log.find(id)
        .map(delivery -> DeliveryView.of(delivery, true))
        .orElseThrow(
            () -> new RejectedRequest(Rejection.DELIVERY_NOT_FOUND, "No delivery " + id + "."));
  }

  @POST
  @Path("{id}/replay")
  @SameOriginRequired
  public ReplayView replay(@PathParam("id") long id) {
    DeliveryReplay.Replayed replayed = replay.replay(id, security.getUserPrincipal().getName());
    return new ReplayView(id, DeliveryView.of(replayed.delivery(), false), replayed.orderId());
  }
}
