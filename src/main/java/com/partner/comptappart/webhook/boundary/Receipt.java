package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.orders.control.IntakeResult;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * The 2xx answer to a delivered notification: {@code {"success":true,"status":…,"order_id":…}} (no
 * order id for a ping or a parked event). Decides the success status codes: 202 for a parked event
 * (kept, not processed), 200 for everything else. {@code recorded}: the delivery's record was
 * stored with the order, in its transaction. Written by {@link ReceiptWriter}.
 */
public record Receipt(
    boolean success, String status, Long orderId, Outcome outcome, boolean recorded) {

  static Response answer(IntakeResult result) {
    return Response.status(result.outcome().status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(of(result))
        .build();
  }

  static Receipt of(IntakeResult result) {
    Outcome outcome = Outcome.valueOf(result.outcome().name());
    String status =
        outcome == Outcome.PARKED ? "stored_unprocessed" : outcome.name().toLowerCase(Locale.ROOT);
    return new Receipt(true, status, result.orderId(), outcome, result.recorded());
  }

  /**
   * The body the sender gets: the JSON-B shape it always had (members in alphabetical order),
   * {@code status} one of the fixed lowercase words above, so nothing needs escaping.
   */
  String json() {
    StringBuilder json = new StringBuilder(64).append('{');
    if (orderId != null) {
      json.append("\"order_id\":").append(orderId.longValue()).append(',');
    }
    return json.append("\"status\":\"")
        .append(status)
        .append("\",\"success\":")
        .append(success)
        .append('}')
        .toString();
  }
}
