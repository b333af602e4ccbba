package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.orders.control.IntakeResult;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * The 2xx answer to a delivered notification: {@code {"success":true,"status":…,"order_id":…}} (no
 * order id for a ping or a parked event). Decides the success status codes: 202 for a parked event
 * (kept, not processed), 200 for everything else. {@code recorded}: the delivery's record was
 * stored with the order, in its transaction.
 */
public record Receipt(
    boolean success,
    String status,
    @JsonbProperty("order_id") Long orderId,
    @JsonbTransient Outcome outcome,
    @JsonbTransient boolean recorded) {

  static Response answer(IntakeResult result) {
    Outcome outcome = Outcome.valueOf(result.outcome().name());
    String status =
        outcome == Outcome.PARKED ? "stored_unprocessed" : outcome.name().toLowerCase(Locale.ROOT);
    return Response.status(result.outcome().status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new Receipt(true, status, result.orderId(), outcome, result.recorded()))
        .build();
  }
}
