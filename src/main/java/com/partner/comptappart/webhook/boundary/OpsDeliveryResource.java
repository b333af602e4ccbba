package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.deliveries.control.DeliveryLog;
import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.deliveries.entity.Outcome;
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
  public ReplayView replay(@PathParam("id") long id) {
    DeliveryReplay.Replayed replayed = replay.replay(id, security.getUserPrincipal().getName());
    return new ReplayView(id, DeliveryView.of(replayed.delivery(), false), replayed.orderId());
  }

  /** The answer to a replay: the delivery recorded for it and the order concerned. */
  public record ReplayView(long replayed, DeliveryView delivery, Long orderId) {}

  /** A delivery as ops read it; the body (text) only when one delivery is asked for. */
  public record DeliveryView(
      long id,
      String receivedAt,
      String eventId,
      String eventType,
      Outcome outcome,
      int statusCode,
      String errorCode,
      long durationMillis,
      String userAgent,
      String clientAddress,
      String scheme,
      Integer signatureSecret,
      boolean bodyKept,
      boolean bodyTruncated,
      Long replayOf,
      String body) {

    static DeliveryView of(Delivery delivery, boolean withBody) {
      byte[] body = delivery.body();
      return new DeliveryView(
          delivery.id(),
          delivery.receivedAt().toString(),
          delivery.eventId(),
          delivery.eventType(),
          delivery.outcome(),
          delivery.statusCode(),
          delivery.errorCode(),
          delivery.durationMillis(),
          delivery.userAgent(),
          delivery.clientAddress(),
          delivery.scheme(),
          delivery.signatureSecret(),
          body != null,
          delivery.isBodyTruncated(),
          delivery.replayOf(),
          withBody && body != null
              ? new String(body, java.nio.charset.StandardCharsets.UTF_8)
              : null);
    }
  }
}
