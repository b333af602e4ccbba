package com.partner.comptappart.webhook.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partner.comptappart.deliveries.entity.Outcome;
import org.junit.jupiter.api.Test;

class ReceiptWriterTest {

  @Test
  void writesTheContractsAnswerByteForByte() {
    Receipt created = new Receipt(true, "created", 1207L, Outcome.CREATED, true);
    Receipt parked = new Receipt(true, "stored_unprocessed", null, Outcome.PARKED, false);

    assertEquals(
        "{\"order_id\":1207,\"status\":\"created\",\"success\":true}", ReceiptWriter.json(created));
    assertEquals(
        "{\"status\":\"stored_unprocessed\",\"success\":true}", ReceiptWriter.json(parked));
  }
}
