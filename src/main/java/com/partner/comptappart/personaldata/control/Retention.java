package com.partner.comptappart.personaldata.control;

import com.partner.comptappart.platform.control.Metrics;
import com.partner.comptappart.platform.control.SchemaMigration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Storage limitation: on a schedule, delivery bodies and orders' raw bodies past their retention
 * are removed (the records and the parsed orders stay), and outside production whole test orders
 * go. In batches, each its own short transaction, so that no busy table is locked for long. Every
 * receiver on the database runs it; the batches are idempotent, so running twice removes nothing
 * more.
 */
@ApplicationScoped
public class Retention {

  private static final Logger LOG = Logger.getLogger(Retention.class.getName());
  static final String REMOVED = "comptappart.retention.removed";

  @Inject RetentionBatches batches;
  @Inject SchemaMigration schema;
  @Inject Metrics metrics;
  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "comptappart.retention.delivery-bodies", defaultValue = "P90D")
  String deliveryBodies;

  @Inject
  @ConfigProperty(name = "comptappart.retention.order-raw-body", defaultValue = "P365D")
  String orderRawBody;

  @Inject
  @ConfigProperty(name = "comptappart.retention.test-orders", defaultValue = "P30D")
  String testOrders;

  @Inject
  @ConfigProperty(name = "comptappart.retention.run-interval", defaultValue = "PT1H")
  String runInterval;

  @Inject
  @ConfigProperty(name = "comptappart.environment", defaultValue = "local")
  String environment;

  Clock clock = Clock.systemUTC();
  private Metrics.Counter bodiesRemoved;
  private Metrics.Counter rawBodiesRemoved;
  private Metrics.Counter testOrdersRemoved;
  private ScheduledFuture<?> schedule;

  @PostConstruct
  void register() {
    bodiesRemoved = metrics.counter(REMOVED, "kind", "delivery_bodies");
    rawBodiesRemoved = metrics.counter(REMOVED, "kind", "order_raw_bodies");
    testOrdersRemoved = metrics.counter(REMOVED, "kind", "test_orders");
  }

  void start(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    long every = Duration.parse(runInterval).toMillis();
    schedule = scheduler.scheduleWithFixedDelay(this::run, every, every, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }

  /** One run: each kind in batches until none is left. */
  void run() {
    try {
      schema.ensureCurrent();
      Instant now = clock.instant();
      long bodies =
          drain(() -> batches.purgeDeliveryBodies(now.minus(Duration.parse(deliveryBodies)), now));
      long rawBodies =
          drain(() -> batches.purgeOrderRawBodies(now.minus(Duration.parse(orderRawBody))));
      // Production never deletes an order; elsewhere the sender's orders are test orders.
      long orders =
          "production".equals(environment)
              ? 0
              : drain(() -> batches.deleteTestOrders(now.minus(Duration.parse(testOrders))));
      bodiesRemoved.inc(bodies);
      rawBodiesRemoved.inc(rawBodies);
      testOrdersRemoved.inc(orders);
      if (bodies + rawBodies + orders > 0) {
        LOG.info(
            () ->
                "Retention: "
                    + bodies
                    + " delivery bodies, "
                    + rawBodies
                    + " order raw bodies and "
                    + orders
                    + " test orders removed");
      }
    } catch (RuntimeException unavailable) {
      LOG.log(Level.FINE, "Retention skipped this run (the next one catches up)", unavailable);
    }
  }

  private static long drain(java.util.function.IntSupplier batch) {
    long total = 0;
    for (int removed; (removed = batch.getAsInt()) > 0; ) {
      total += removed;
    }
    return total;
  }
}
