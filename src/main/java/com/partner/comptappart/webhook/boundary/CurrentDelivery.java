package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.UnhandledEvent;
import com.partner.comptappart.webhook.control.NotificationReader.BoundedBody;
import jakarta.enterprise.context.RequestScoped;
import java.time.Instant;

/**
 * What is learnt about the request being handled, filled in by the filters and the resource, and
 * written to the delivery log when the answer is known.
 */
@RequestScoped
public class CurrentDelivery {

  private Instant receivedAt;
  private long startedNanos;
  private BoundedBody body;
  private Integer signatureSecret;
  private String eventId;
  private String eventType;

  void received(Instant at, long nanos, BoundedBody body) {
    this.receivedAt = at;
    this.startedNanos = nanos;
    this.body = body;
  }

  void verifiedBy(int secretPosition) {
    this.signatureSecret = secretPosition;
  }

  void identify(Notification notification) {
    this.eventType = notification.eventType();
    if (notification instanceof OrderNotification order) {
      this.eventId = order.eventId();
    } else if (notification instanceof UnhandledEvent unhandled) {
      this.eventId = unhandled.eventId();
    }
  }

  boolean isIdentified() {
    return eventType != null;
  }

  void identify(String eventId, String eventType) {
    this.eventId = eventId;
    this.eventType = eventType;
  }

  /** Position (1 = first) of the signing secret that verified the body; null when unsigned. */
  public Integer signatureSecret() {
    return signatureSecret;
  }

  Instant receivedAt() {
    return receivedAt;
  }

  long startedNanos() {
    return startedNanos;
  }

  BoundedBody body() {
    return body;
  }

  String eventId() {
    return eventId;
  }

  String eventType() {
    return eventType;
  }
}
