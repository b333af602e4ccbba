package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.UnhandledEvent;
import com.partner.comptappart.webhook.control.NotificationReader;
import com.partner.comptappart.webhook.control.NotificationReader.BoundedBody;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Instant;

/**
 * What is learnt about the request being handled, filled in by the filters and the resource, and
 * written to the delivery log when the answer is known. The body is read once, and only after the
 * API key was accepted: a request without the key costs no read of its body.
 */
@RequestScoped
public class CurrentDelivery {

  @Inject NotificationReader reader;

  private Instant receivedAt;
  private long startedNanos;
  private BoundedBody body;
  private boolean bodyAuthenticated = true;
  private Integer signatureSecret;
  private String eventId;
  private String eventType;

  void received(Instant at, long nanos) {
    this.receivedAt = at;
    this.startedNanos = nanos;
  }

  /** The body (at most the limit plus one byte), read from the request on first use. */
  BoundedBody body(InputStream entity) {
    if (body == null) {
      body = reader.readBounded(entity);
    }
    return body;
  }

  void verifiedBy(int secretPosition) {
    this.signatureSecret = secretPosition;
  }

  /** The body could not be authenticated (its signature was not verified): it is never kept. */
  void bodyNotAuthenticated() {
    this.bodyAuthenticated = false;
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

  /** The body to keep in the delivery log: null when none was read or it was not authenticated. */
  BoundedBody keptBody() {
    return bodyAuthenticated ? body : null;
  }

  String eventId() {
    return eventId;
  }

  String eventType() {
    return eventType;
  }
}
