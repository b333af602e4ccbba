package com.partner.comptappart.webhook.control;

import com.partner.comptappart.deliveries.control.DeliveryLog;
import com.partner.comptappart.deliveries.control.DeliveryRecorder;
import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.orders.control.IntakeResult;
import com.partner.comptappart.orders.control.OrderIntake;
import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.UnhandledEvent;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Processes a logged delivery again from its stored bytes, as if the sender had retried it: once a
 * parked event type is supported, a bug fixed or the database back. Idempotent like any delivery
 * (an order already stored is answered "already processed"), and itself recorded in the log.
 */
@ApplicationScoped
public class DeliveryReplay {

  private static final Logger LOG = Logger.getLogger(DeliveryReplay.class.getName());

  @Inject DeliveryLog log;
  @Inject DeliveryRecorder recorder;
  @Inject OrderIntake intake;
  @Inject DeliverySignatures signatures;

  /** The delivery recorded for the replay, and the order it concerns, if any. */
  public record Replayed(Delivery delivery, Long orderId) {}

  public Replayed replay(long deliveryId, String operator) {
    Delivery original =
        log.find(deliveryId)
            .orElseThrow(
                () ->
                    new RejectedRequest(
                        Rejection.DELIVERY_NOT_FOUND, "No delivery " + deliveryId + "."));
    if (!original.isReplayable()) {
      throw new RejectedRequest(
          Rejection.NOT_REPLAYABLE,
          "Delivery "
              + deliveryId
              + " has no complete body to replay (unauthenticated or too large).");
    }
    if (signatures.isEnabled() && original.signatureSecret() == null) {
      // Deliveries must be signed here: a body whose signature was never verified (received
      // before signing was configured, or refused before it was checked) is not processed.
      throw new RejectedRequest(
          Rejection.NOT_REPLAYABLE,
          "Delivery " + deliveryId + " was not verified by a signing secret; it is not replayed.");
    }
    byte[] body = original.body();
    Instant at = Instant.now();
    long started = System.nanoTime();
    Delivery.Builder replay =
        Delivery.received(at)
            .from("replay", "ops:" + operator)
            .signedWith(original.signatureSecret())
            .body(body, false)
            .replayOf(deliveryId)
            .event(original.eventId(), original.eventType());
    Long orderId = null;
    // The record, when the intake stored it in the order's transaction.
    Delivery[] storedWithOrder = new Delivery[1];
    boolean recordedWithOrder = false;
    try {
      Notification notification = NotificationParser.parse(body);
      if (notification instanceof OrderNotification order) {
        replay.event(order.eventId(), order.eventType());
      } else if (notification instanceof UnhandledEvent unhandled) {
        replay.event(unhandled.eventId(), unhandled.eventType());
      }
      IntakeResult result =
          intake.receive(
              notification,
              body,
              original.signatureSecret(),
              stored -> storedWithOrder[0] = answered(replay, stored, started).build());
      orderId = result.orderId();
      recordedWithOrder = result.recorded();
      answered(replay, result, started);
    } catch (RejectedRequest rejected) {
      replay.answered(Outcome.REJECTED, rejected.rejection().status(), rejected.rejection().code());
    } catch (RuntimeException failure) {
      recorder.record(
          replay.answered(Outcome.FAILED, 500, "internal_error").took(elapsed(started)).build(),
          false);
      throw failure;
    }
    Delivery recorded =
        recordedWithOrder ? storedWithOrder[0] : log.store(replay.took(elapsed(started)).build());
    LOG.info(() -> "Delivery " + deliveryId + " replayed by " + operator + ": " + recorded);
    return new Replayed(recorded, orderId);
  }

  private static Delivery.Builder answered(
      Delivery.Builder replay, IntakeResult result, long started) {
    return replay
        .answered(Outcome.valueOf(result.outcome().name()), result.outcome().status(), null)
        .took(elapsed(started));
  }

  private static long elapsed(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }
}
