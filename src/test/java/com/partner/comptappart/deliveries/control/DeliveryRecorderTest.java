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

  /** The record the reference file holds, as the receiver builds it (through a proxy or not). */
  static Delivery reference(Boolean throughProxy) {
    byte[] body = "{\"event_id\":\"evt_1\",\"name\":\"Sérénité\"}".getBytes(StandardCharsets.UTF_8);
    return Delivery.received(Instant.parse("2026-03-14T09:21:05.123456Z"))
        .answered(Outcome.FAILED, 503, "database_unavailable")
        .event("evt_1", "order.created")
        .took(42)
        .from("198.51.100.7", "ComptAppart-Webhook/1.0")
        .over("https", throughProxy)
        .signedWith(2)
        .body(body, false)
        .replayOf(7L)
        .build();
  }

  @Test
  void aSpooledRecordComesBackWhole() {
    for (Boolean throughProxy : new Boolean[] {true, false}) {
      Delivery record = reference(throughProxy);
      assertSameRecord(record, DeliveryRecorder.fromJson(DeliveryRecorder.toJson(record)));
    }
  }

  /**
   * A file spooled by an earlier version (this format, kept as written then) must still drain after
   * an upgrade: a server is upgraded while records wait on its disk.
   */
  @Test
  void aRecordSpooledByAnEarlierVersionIsReadBack() throws Exception {
    String file;
    try (var in =
        DeliveryRecorderTest.class.getResourceAsStream(
            "/spool/1773480065123-reference.delivery.json")) {
      file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Written before the receiver kept whether a delivery came through the proxy: unknown.
    assertSameRecord(reference(null), DeliveryRecorder.fromJson(file));
  }

  private static void assertSameRecord(Delivery expected, Delivery back) {
    assertEquals(expected.receivedAt(), back.receivedAt());
    assertEquals(expected.outcome(), back.outcome());
    assertEquals(expected.statusCode(), back.statusCode());
    assertEquals(expected.errorCode(), back.errorCode());
    assertEquals(expected.eventId(), back.eventId());
    assertEquals(expected.eventType(), back.eventType());
    assertEquals(expected.durationMillis(), back.durationMillis());
    assertEquals(expected.clientAddress(), back.clientAddress());
    assertEquals(expected.userAgent(), back.userAgent());
    assertEquals(expected.scheme(), back.scheme());
    assertEquals(expected.throughProxy(), back.throughProxy());
    assertEquals(expected.signatureSecret(), back.signatureSecret());
    assertArrayEquals(expected.body(), back.body());
    assertEquals(expected.isBodyTruncated(), back.isBodyTruncated());
    assertEquals(expected.replayOf(), back.replayOf());
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
