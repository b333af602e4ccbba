package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.orders.control.IntakeResult;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.Locale;

/**
 * The 2xx answer to a delivered notification: {@code {"success":true,"status":…,"order_id":…}}; a
 * ping has no order id.
 */
public record Receipt(boolean success, String status, @JsonbProperty("order_id") Long orderId) {

  static Receipt of(IntakeResult result) {
    return new Receipt(true, result.outcome().name().toLowerCase(Locale.ROOT), result.orderId());
  }
}
