package com.partner.comptappart.orders.control;

import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.OrderStored;
import com.partner.comptappart.orders.entity.UnhandledEvent;
import com.partner.comptappart.platform.control.Causes;
import com.partner.comptappart.platform.control.DatabaseOutage;
import com.partner.comptappart.platform.control.Metrics;
import com.partner.comptappart.platform.control.RefusedForNow;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores each notified order exactly once. The database decides what is a duplicate (unique keys on
 * the event id and on the created order id), so two simultaneous deliveries of one event cannot
 * both insert; the loser is answered "already processed" like any later retry. The lookup, the
 * order and the delivery's record are one transaction: one commit per delivery.
 */
@ApplicationScoped
public class OrderIntake {

  private static final Logger LOG = Logger.getLogger(OrderIntake.class.getName());
  private static final String UNIQUE_VIOLATION = "23505";
  static final String EVENT_KEY = "customer_order_event_id_uk";
  static final String CREATED_ORDER_KEY = "customer_order_created_order_id_uk";

  @Inject SchemaMigration schema;
  @Inject CustomerOrders orders;
  @Inject InFlightEvents inFlight;
  @Inject Event<OrderStored> orderStored;
  @Inject BeanManager beans;
  @Inject Metrics metrics;
  private Metrics.Counter collided;
  private volatile Boolean asyncObservers;

  /**
   * Copies that met the database's unique key ({@code comptappart_delivery_copies_collided_total}):
   * answered all the same, but each cost a rolled-back transaction. Normally 0: copies wait for
   * each other before the insert, in one server and across servers. Registered at deployment, so
   * that ops see a 0 before the first order rather than no series.
   */
  void registerCounter(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    collided = metrics.counter(COLLIDED);
  }

  static final String COLLIDED = "comptappart.delivery.copies.collided";

  @Inject
  @ConfigProperty(name = "comptappart.environment", defaultValue = "local")
  String environment;

  @Inject
  @ConfigProperty(name = "comptappart.failures-before-parking", defaultValue = "3")
  int failuresBeforeParking;

  Clock clock = Clock.systemUTC();

  /**
   * @param notification the checked notification
   * @param rawBody the exact bytes received
   * @param signatureSecret position of the signing secret that verified the delivery, or null
   * @param record the delivery's record, stored with the order in its transaction
   */
  public IntakeResult receive(
      Notification notification, byte[] rawBody, Integer signatureSecret, DeliveryRecord record) {
    if (notification instanceof OrderNotification order) {
      return inFlight.oneAtATime(
          order.eventId(), () -> store(order, rawBody, signatureSecret, record));
    }
    if (notification instanceof UnhandledEvent unhandled) {
      LOG.warning(
          () ->
              "Parked event "
                  + unhandled.eventId()
                  + " of unhandled type "
                  + unhandled.eventType()
                  + " (kept in the delivery log)");
      return new IntakeResult(IntakeResult.Outcome.PARKED, null, false);
    }
    LOG.info(() -> "Ping from ComptAppart acknowledged (sent " + notification.timestamp() + ")");
    return new IntakeResult(IntakeResult.Outcome.ACKNOWLEDGED, null, false);
  }

  private IntakeResult store(
      OrderNotification notification,
      byte[] rawBody,
      Integer signatureSecret,
      DeliveryRecord record) {
    schema.ensureCurrent();
    Instant receivedAt = clock.instant();
    Supplier<CustomerOrder> newOrder =
        () -> new CustomerOrder(notification, rawBody, environment, receivedAt, signatureSecret);
    CustomerOrders.Stored stored;
    try {
      stored = orders.storeOnce(notification, newOrder, record);
    } catch (RuntimeException failure) {
      if (!isRacingCopy(failure)) {
        if (failsEveryTime(notification, failure)) {
          return new IntakeResult(IntakeResult.Outcome.PARKED, notification.orderId(), false);
        }
        throw failure;
      }
      // The insert lost a race: a copy of the same event (or order) committed first on another
      // server. A second transaction finds it, and records this delivery as already processed.
      collided.inc();
      stored = orders.storeOnce(notification, newOrder, record);
    }
    if (stored.stored() != null) {
      afterCommit(stored.stored());
    } else {
      LOG.fine(
          () ->
              "Event "
                  + notification.eventId()
                  + " (order "
                  + notification.orderId()
                  + ") already processed");
    }
    return stored.result();
  }

  /**
   * Hands the stored order to the partner's {@code @ObservesAsync} observers, if there are any:
   * submitting to the managed executor has a cost every order would pay for nothing.
   */
  private void afterCommit(OrderStored stored) {
    if (!hasAsyncObservers()) {
      return;
    }
    orderStored
        .fireAsync(stored)
        .whenComplete(
            (event, failure) -> {
              if (failure != null) {
                LOG.log(
                    Level.SEVERE, "An after-commit observer failed for " + stored.order(), failure);
              }
            });
  }

  private boolean hasAsyncObservers() {
    Boolean known = asyncObservers;
    if (known == null) {
      known =
          beans.resolveObserverMethods(new OrderStored(null, 0)).stream()
              .anyMatch(ObserverMethod::isAsync);
      asyncObservers = known;
    }
    return known;
  }

  /**
   * Whether this delivery's failure is the {@code comptappart.failures-before-parking}th of its
   * event (a failure on our side or in partner code that is not an outage nor partner code's own
   * answer): then the delivery is parked (202, its body kept for ops to replay once the cause is
   * fixed) rather than failing until the sender gives up.
   */
  private boolean failsEveryTime(OrderNotification notification, RuntimeException failure) {
    if (DatabaseOutage.isCauseOf(failure) || isPartnersAnswer(failure)) {
      return false;
    }
    long earlier;
    try {
      earlier = orders.failedDeliveriesOf(notification.eventId());
    } catch (RuntimeException uncounted) {
      return false;
    }
    if (earlier + 1 < failuresBeforeParking) {
      return false;
    }
    LOG.warning(
        () ->
            "Event "
                + notification.eventId()
                + " (order "
                + notification.orderId()
                + ") failed "
                + (earlier + 1)
                + " times ("
                + failure.getClass().getName()
                + "): parked, answered 202; replay it once the cause is fixed");
    return true;
  }

  private static boolean isPartnersAnswer(Throwable failure) {
    return Causes.find(failure, RefusedForNow.class) != null
        || Causes.find(failure, RejectedRequest.class) != null;
  }

  /**
   * Whether the failure is a copy of an event that lost the race to the insert: a unique violation
   * of one of the order's own keys (V1: {@value #EVENT_KEY}, {@value #CREATED_ORDER_KEY}), named in
   * the database's message (PostgreSQL names the constraint, H2 its index, which starts with it). A
   * unique key of the partner's own tables met by partner code is no copy: the order fails (500),
   * as it would on every retry, and is never retried here as if it were.
   */
  static boolean isRacingCopy(Throwable failure) {
    for (Throwable cause : Causes.of(failure)) {
      if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        String message = String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains(EVENT_KEY) || message.contains(CREATED_ORDER_KEY);
      }
    }
    return false;
  }
}
