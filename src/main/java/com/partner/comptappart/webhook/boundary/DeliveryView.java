package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.deliveries.entity.Outcome;
import java.nio.charset.StandardCharsets;

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
    Boolean throughProxy,
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
        delivery.throughProxy(),
        delivery.signatureSecret(),
        body != null,
        delivery.isBodyTruncated(),
        delivery.replayOf(),
        withBody && body != null ? new String(body, StandardCharsets.UTF_8) : null);
  }
}
