package com.partner.comptappart.webhook.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partner.comptappart.orders.control.IntakeResult;
import org.junit.jupiter.api.Test;

/**
 * The sender's answers, byte for byte as README's table gives them (JSON-B's shape until 2026-11).
 */
class ReceiptTest {

  private static String body(IntakeResult result) {
    return Receipt.of(result).json();
  }

  @Test
  void storedOrderNamesItsOrderId() {
    assertEquals(
        "{\"order_id\":1207,\"status\":\"created\",\"success\":true}",
        body(new IntakeResult(IntakeResult.Outcome.CREATED, 1207L, true)));
    assertEquals(
        "{\"order_id\":1207,\"status\":\"already_processed\",\"success\":true}",
        body(new IntakeResult(IntakeResult.Outcome.ALREADY_PROCESSED, 1207L, true)));
  }

  @Test
  void pingAndParkedEventHaveNoOrderId() {
    assertEquals(
        "{\"status\":\"acknowledged\",\"success\":true}",
        body(new IntakeResult(IntakeResult.Outcome.ACKNOWLEDGED, null, false)));
    assertEquals(
        "{\"status\":\"stored_unprocessed\",\"success\":true}",
        body(new IntakeResult(IntakeResult.Outcome.PARKED, null, false)));
  }
}
