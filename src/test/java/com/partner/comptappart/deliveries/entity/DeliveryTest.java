package com.partner.comptappart.deliveries.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryTest {

  @Test
  void textsFromTheRequestAreMadeStorable() {
    Delivery delivery =
        Delivery.received(Instant.now())
            .answered(Outcome.REJECTED, 415, "unsupported_media_type")
            .event("evt_poison_\u0000", "order.created\r\nforged line")
            .from("10.0.0.1\u0000", "agent\u0007\ud800")
            .build();

    assertEquals("evt_poison_?", delivery.eventId());
    assertEquals("order.created??forged line", delivery.eventType());
    assertEquals("10.0.0.1?", delivery.clientAddress());
    assertEquals("agent??", delivery.userAgent());
  }

  @Test
  void textsAreCutToTheColumnWithoutSplittingACharacter() {
    String emoji = "\ud83d\ude00";
    assertEquals("a".repeat(63), Delivery.storable("a".repeat(63) + emoji, 64));
    assertEquals("a".repeat(62) + emoji, Delivery.storable("a".repeat(62) + emoji + "b", 64));
    assertEquals("é".repeat(64), Delivery.storable("é".repeat(300), 64));
    assertNull(Delivery.storable(null, 64));
  }
}
