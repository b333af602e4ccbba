package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.orders.control.IntakeResult;
import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.UnhandledEvent;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.webhook.control.NotificationParser;
import com.partner.comptappart.webhook.control.NotificationReader;
import com.partner.comptappart.webhook.control.NotificationReader.BoundedBody;
import jakarta.servlet.ServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What is learnt about the request being handled, filled in by the filters and the resource, and
 * written to the delivery log when the answer is known. The body is read once, and only after the
 * API key was accepted: a request without the key costs no read of its body.
 *
 * <p>Made by {@link DeliveryLogFilter}, the first filter, and kept in the request's properties
 * (which, in a servlet container, are the servlet request's attributes). Not a request-scoped CDI
 * bean: creating one and injecting it was 3 % of a delivery's CPU (src/bench/profile.sh).
 */
public class CurrentDelivery {

  private static final String PROPERTY = CurrentDelivery.class.getName();

  private final NotificationReader reader;
  private Instant receivedAt;
  private long startedNanos;
  private String clientAddress;
  private String userAgent;
  private String scheme;
  private boolean throughProxy;
  private BoundedBody body;
  private BodyReceiver.Received received;
  private boolean bodyAuthenticated = true;
  private Integer signatureSecret;
  private String eventId;
  private String eventType;

  private CurrentDelivery(NotificationReader reader) {
    this.reader = reader;
  }

  /** A delivery starts: its record is kept with the request until the answer is known. */
  static CurrentDelivery start(ContainerRequestContext request, NotificationReader reader) {
    CurrentDelivery delivery = new CurrentDelivery(reader);
    request.setProperty(PROPERTY, delivery);
    return delivery;
  }

  /** The request's delivery; null for a request {@link DeliveryLogFilter} did not see. */
  static CurrentDelivery of(ContainerRequestContext request) {
    return (CurrentDelivery) request.getProperty(PROPERTY);
  }

  /** The same, for the resource: it sees the request as the servlet container's. */
  static CurrentDelivery of(ServletRequest request) {
    return (CurrentDelivery) request.getAttribute(PROPERTY);
  }

  void received(
      Instant at,
      long nanos,
      String clientAddress,
      String userAgent,
      String scheme,
      boolean throughProxy) {
    this.receivedAt = at;
    this.startedNanos = nanos;
    this.clientAddress = clientAddress;
    this.userAgent = userAgent;
    this.scheme = scheme;
    this.throughProxy = throughProxy;
  }

  /** The record of this delivery with its answer, as far as it is known now. */
  Delivery record(Outcome outcome, int status, String errorCode) {
    BoundedBody kept = keptBody();
    return Delivery.received(receivedAt)
        .answered(outcome, status, errorCode)
        .event(eventId, eventType)
        .took(millisSoFar())
        .from(clientAddress, userAgent)
        .over(scheme, throughProxy)
        .signedWith(signatureSecret)
        .body(kept == null ? null : kept.bytes(), kept != null && kept.truncated())
        .build();
  }

  /** The record of an order's delivery, stored in the order's own transaction. */
  Delivery recordOf(IntakeResult result) {
    Delivery delivery =
        record(Outcome.valueOf(result.outcome().name()), result.outcome().status(), null);
    if (result.erased()) {
      // A sender retry of an event whose buyer was erased: its body would bring the data back.
      delivery.purgeBody(delivery.receivedAt());
    }
    return delivery;
  }

  long millisSoFar() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /** What {@link BodyReceiver} received before the request reached JAX-RS, when it did. */
  void receivedBody(BodyReceiver.Received received) {
    this.received = received;
  }

  /**
   * The body (at most the limit plus one byte), as {@link BodyReceiver} received it, or else read
   * from the request on first use.
   *
   * @throws RejectedRequest when it did not arrive whole in time
   */
  BoundedBody body(InputStream entity) {
    if (body == null) {
      if (received == null) {
        body = reader.readBounded(entity);
      } else if (received.failure() != null) {
        throw received.failure();
      } else {
        body = received.body();
      }
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

  /** For a refused body: the event id and type read from it, when it holds them. */
  void identifyFromBody() {
    BoundedBody kept = keptBody();
    if (eventType == null && kept != null) {
      String[] event = NotificationParser.peekEvent(kept.bytes());
      this.eventId = event[0];
      this.eventType = event[1];
    }
  }

  /** False once its signature was checked and not verified (or could not be: no whole body). */
  boolean bodyAuthenticated() {
    return bodyAuthenticated;
  }

  /** Position (1 = first) of the signing secret that verified the body; null when unsigned. */
  public Integer signatureSecret() {
    return signatureSecret;
  }

  Instant receivedAt() {
    return receivedAt;
  }

  String eventId() {
    return eventId;
  }

  String eventType() {
    return eventType;
  }

  /** The body to keep in the delivery log: null when none was read or it was not authenticated. */
  private BoundedBody keptBody() {
    return bodyAuthenticated ? body : null;
  }
}
