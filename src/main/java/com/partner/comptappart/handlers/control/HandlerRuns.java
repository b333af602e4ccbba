package com.partner.comptappart.handlers.control;

import com.partner.comptappart.handlers.entity.HandlerRun;
import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.orders.entity.OrderStored;
import com.partner.comptappart.platform.control.DatabaseOutage;
import com.partner.comptappart.platform.control.Metrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the partner's {@link StoredOrderHandler}s at least once per stored order. A run is recorded
 * in the order's transaction (this observer of {@link OrderStored}); once that commits it is
 * started on the server's managed executor; a schedule takes the runs that are due again (after a
 * failure's backoff) or were left by a receiver that died (a claim older than the lease). Each
 * attempt is first claimed in the database, so that one receiver of a cluster makes it. Counted in
 * {@code comptappart_handler_runs_total{outcome="done|retry|failed"}}.
 */
@ApplicationScoped
public class HandlerRuns {

  static final String RUNS = "comptappart.handler.runs";
  private static final Logger LOG = Logger.getLogger(HandlerRuns.class.getName());
  private static final int BATCH = 100;
  private static final Duration LONGEST_BACKOFF = Duration.ofHours(1);

  @Inject @Any Instance<StoredOrderHandler> partnerHandlers;
  @Inject HandlerRunStore store;
  @Inject Metrics metrics;
  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduler;
  @Resource TransactionSynchronizationRegistry transactions;

  @Inject
  @ConfigProperty(name = "comptappart.handlers.interval", defaultValue = "PT10S")
  String interval;

  /** Longer than a handler's call may take: past it, a claimed run is taken again. */
  @Inject
  @ConfigProperty(name = "comptappart.handlers.lease", defaultValue = "PT5M")
  String lease;

  /** The wait before the second attempt; doubled for each further one, at most an hour. */
  @Inject
  @ConfigProperty(name = "comptappart.handlers.first-retry", defaultValue = "PT10S")
  String firstRetry;

  @Inject
  @ConfigProperty(name = "comptappart.handlers.max-attempts", defaultValue = "10")
  int maxAttempts;

  Clock clock = Clock.systemUTC();
  private Map<String, StoredOrderHandler> handlers = Map.of();
  private ScheduledFuture<?> schedule;

  void start(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    Map<String, StoredOrderHandler> byName = new HashMap<>();
    for (StoredOrderHandler handler : partnerHandlers) {
      StoredOrderHandler other = byName.put(handler.name(), handler);
      if (other != null) {
        throw new IllegalStateException(
            "Two StoredOrderHandlers are named " + handler.name() + ": a name is a run's key");
      }
    }
    handlers = Map.copyOf(byName);
    for (String outcome : List.of("done", "retry", "failed")) {
      metrics.counter(RUNS, "outcome", outcome);
    }
    if (handlers.isEmpty()) {
      return; // nothing to run, and nothing to look for
    }
    long every = Duration.parse(interval).toMillis();
    schedule = scheduler.scheduleWithFixedDelay(this::runDue, every, every, TimeUnit.MILLISECONDS);
    LOG.info(() -> "Partner handlers after each stored order: " + handlers.keySet());
  }

  @PreDestroy
  void stop() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }

  /**
   * In the order's transaction: a run per handler that wants this event, started once the
   * transaction has committed (a rollback takes the runs with it).
   */
  void record(@Observes OrderStored stored) {
    if (handlers.isEmpty()) {
      return;
    }
    CustomerOrder order = stored.order();
    Instant now = clock.instant();
    List<Long> recorded = new ArrayList<>();
    for (StoredOrderHandler handler : handlers.values()) {
      if (handler.handles(order.eventType())) {
        recorded.add(store.record(order, stored.deliveryId(), handler.name(), now));
      }
    }
    if (!recorded.isEmpty()) {
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              if (status == Status.STATUS_COMMITTED) {
                executor.execute(() -> recorded.forEach(HandlerRuns.this::attemptQuietly));
              }
            }
          });
    }
  }

  /** Ops ask for a run again: pending now, attempted on the executor at once. */
  public java.util.Optional<Boolean> runAgain(long id) {
    java.util.Optional<Boolean> pending = store.runAgain(id, clock.instant());
    if (pending.orElse(false)) {
      executor.execute(() -> attemptQuietly(id));
    }
    return pending;
  }

  private void runDue() {
    try {
      Instant now = clock.instant();
      for (long id : store.due(now, now.minus(Duration.parse(lease)), BATCH)) {
        attempt(id);
      }
    } catch (RuntimeException failure) {
      if (DatabaseOutage.isCauseOf(failure)) {
        LOG.fine(() -> "Handler runs not looked for: " + failure);
      } else {
        LOG.log(Level.WARNING, "Handler runs not looked for; the next round tries again", failure);
      }
    }
  }

  private void attemptQuietly(long id) {
    try {
      attempt(id);
    } catch (RuntimeException failure) {
      // The schedule takes it again once its claim's lease is over.
      LOG.fine(() -> "Handler run " + id + " left for the schedule: " + failure);
    }
  }

  /** One attempt of one run, if this receiver's claim takes. */
  void attempt(long id) {
    Instant now = clock.instant();
    HandlerRun run = store.claim(id, now, now.minus(Duration.parse(lease))).orElse(null);
    if (run == null) {
      return; // done, not due, or another receiver's
    }
    StoredOrderHandler handler = handlers.get(run.handler());
    CustomerOrder order = store.order(run.orderRowId()).orElse(null);
    if (handler == null || order == null) {
      if (order == null) {
        store.orderGone(id, clock.instant());
      }
      // A handler no longer deployed: its run stays claimed until the lease, then is tried again.
      return;
    }
    try {
      handler.handle(
          order,
          new StoredOrderHandler.Call(
              run.eventId(), run.eventType(), run.deliveryId(), id, run.attempts()));
      store.succeeded(id, clock.instant());
      metrics.counter(RUNS, "outcome", "done").inc();
    } catch (Exception failure) {
      HandlerRun after =
          store.failed(id, failure, clock.instant(), backoff(run.attempts()), maxAttempts);
      boolean failed = after.state() == HandlerRun.State.FAILED;
      metrics.counter(RUNS, "outcome", failed ? "failed" : "retry").inc();
      // The failure's type only: partner messages may name the buyer.
      LOG.warning(
          () ->
              "Handler "
                  + run.handler()
                  + " failed for event "
                  + run.eventId()
                  + " (attempt "
                  + run.attempts()
                  + " of "
                  + maxAttempts
                  + "): "
                  + failure.getClass().getName()
                  + (failed
                      ? "; given up: ops run it again (POST /api/ops/handler-runs/" + id + "/run)"
                      : "; next attempt at " + after.nextAttemptAt()));
    }
  }

  /** After attempt n: first-retry × 2^(n-1), at most an hour. */
  Duration backoff(int attempt) {
    Duration wait = Duration.parse(firstRetry);
    for (int i = 1; i < attempt && wait.compareTo(LONGEST_BACKOFF) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait;
  }
}
