package com.partner.comptappart.orders.control;

import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.OrderStored;
import com.partner.comptappart.orders.entity.UnhandledEvent;
import com.partner.comptappart.platform.control.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores each notified order exactly once. The database decides what is a duplicate (unique keys on
 * the event id and on the created order id), so two simultaneous deliveries of one event cannot
 * both insert; the loser is answered "already processed" like any later retry.
 */
@ApplicationScoped
public class OrderIntake {

  private static final Logger LOG = Logger.getLogger(OrderIntake.class.getName());
  private static final String UNIQUE_VIOLATION = "23505";

  @Inject SchemaMigration schema;
  @Inject CustomerOrders orders;
  @Inject InFlightEvents inFlight;
  @Inject Event<OrderStored> orderStored;

  @Inject
  @ConfigProperty(name = "comptappart.environment", defaultValue = "local")
  String environment;

  Clock clock = Clock.systemUTC();

  /**
   * @param notification the checked notification
   * @param rawBody the exact bytes received
   * @param signatureSecret position of the signing secret that verified the delivery, or null
   */
  public IntakeResult receive(Notification notification, byte[] rawBody, Integer signatureSecret) {
    if (notification instanceof OrderNotification order) {
      return inFlight.oneAtATime(order.eventId(), () -> store(order, rawBody, signatureSecret));
    }
    if (notification instanceof UnhandledEvent unhandled) {
      LOG.warning(
          () ->
              "Parked event "
                  + unhandled.eventId()
                  + " of unhandled type "
                  + unhandled.eventType()
                  + " (kept in the delivery log)");
      return new IntakeResult(IntakeResult.Outcome.PARKED, null);
    }
    LOG.info(() -> "Ping from ComptAppart acknowledged (sent " + notification.timestamp() + ")");
    return new IntakeResult(IntakeResult.Outcome.ACKNOWLEDGED, null);
  }

  private IntakeResult store(
      OrderNotification notification, byte[] rawBody, Integer signatureSecret) {
    schema.ensureCurrent();
    var stored = orders.findStoredFor(notification);
    if (stored.isPresent()) {
      return alreadyProcessed(notification, stored.get());
    }
    Instant receivedAt = clock.instant();
    try {
      CustomerOrder order =
          orders.store(
              new CustomerOrder(notification, rawBody, environment, receivedAt, signatureSecret));
      orderStored
          .fireAsync(new OrderStored(order))
          .whenComplete(
              (event, failure) -> {
                if (failure != null) {
                  LOG.log(Level.SEVERE, "An after-commit observer failed for " + order, failure);
                }
              });
      return new IntakeResult(IntakeResult.Outcome.CREATED, order.orderId());
    } catch (RuntimeException failure) {
      if (!isUniqueViolation(failure)) {
        throw failure;
      }
      // The insert lost a race: a concurrent delivery of the same event (or order) committed first.
      CustomerOrder winner = orders.findStoredFor(notification).orElseThrow(() -> failure);
      return alreadyProcessed(notification, winner);
    }
  }

  private static IntakeResult alreadyProcessed(
      OrderNotification notification, CustomerOrder stored) {
    LOG.info(
        () ->
            "Event "
                + notification.eventId()
                + " (order "
                + notification.orderId()
                + ") already processed as "
                + stored);
    return new IntakeResult(IntakeResult.Outcome.ALREADY_PROCESSED, stored.orderId());
  }

  static boolean isUniqueViolation(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
