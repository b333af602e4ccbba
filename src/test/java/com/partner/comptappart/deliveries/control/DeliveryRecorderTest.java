package com.partner.comptappart.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.deliveries.entity.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryRecorderTest {

  @Test
  void aSpooledRecordComesBackWhole() {
    byte[] body = "{\"event_id\":\"evt_1\",\"name\":\"Sérénité\"}".getBytes(StandardCharsets.UTF_8);
    Delivery delivery =
        Delivery.received(Instant.parse("2026-03-14T09:21:05.123456Z"))
            .answered(Outcome.FAILED, 503, "database_unavailable")
            .event("evt_1", "order.created")
            .took(42)
            .from("198.51.100.7", "ComptAppart-Webhook/1.0")
            .over("https")
            .signedWith(2)
            .body(body, false)
            .replayOf(7L)
            .build();

    assertSameRecord(delivery, DeliveryRecorder.fromJson(DeliveryRecorder.toJson(delivery)));
  }

  /**
   * A file spooled by an earlier version (this format, kept as written then) must still drain after
   * an upgrade: a server is upgraded while records wait on its disk.
   */
  @Test
  void aRecordSpooledByAnEarlierVersionIsReadBack() throws Exception {
    String reference;
    try (var in =
        DeliveryRecorderTest.class.getResourceAsStream(
            "/spool/1773480065123-reference.delivery.json")) {
      reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Delivery back = DeliveryRecorder.fromJson(reference);

    assertEquals(Instant.parse("2026-03-14T09:21:05.123456Z"), back.receivedAt());
    assertEquals(Outcome.FAILED, back.outcome());
    assertEquals(503, back.statusCode());
    assertEquals("database_unavailable", back.errorCode());
    assertEquals("evt_1", back.eventId());
    assertEquals("order.created", back.eventType());
    assertEquals(42, back.durationMillis());
    assertEquals("198.51.100.7", back.clientAddress());
    assertEquals("ComptAppart-Webhook/1.0", back.userAgent());
    assertEquals("https", back.scheme());
    assertEquals(2, back.signatureSecret());
    assertArrayEquals(
        "{\"event_id\":\"evt_1\",\"name\":\"Sérénité\"}".getBytes(StandardCharsets.UTF_8),
        back.body());
    assertEquals(7L, back.replayOf());
  }

  private static void assertSameRecord(Delivery delivery, Delivery back) {
    byte[] body = delivery.body();
    assertEquals(delivery.receivedAt(), back.receivedAt());
    assertEquals(Outcome.FAILED, back.outcome());
    assertEquals(503, back.statusCode());
    assertEquals("database_unavailable", back.errorCode());
    assertEquals("evt_1", back.eventId());
    assertEquals("order.created", back.eventType());
    assertEquals(42, back.durationMillis());
    assertEquals("198.51.100.7", back.clientAddress());
    assertEquals("ComptAppart-Webhook/1.0", back.userAgent());
    assertEquals("https", back.scheme());
    assertEquals(2, back.signatureSecret());
    assertArrayEquals(body, back.body());
    assertEquals(7L, back.replayOf());
  }

  @Test
  void anUnauthenticatedRequestKeepsNoBody() {
    Delivery delivery =
        Delivery.received(Instant.now())
            .answered(Outcome.UNAUTHORIZED, 401, "invalid_api_key")
            .body(new byte[] {1, 2, 3}, false)
            .build();

    assertNull(delivery.body());
    assertNull(DeliveryRecorder.fromJson(DeliveryRecorder.toJson(delivery)).body());
  }
}
