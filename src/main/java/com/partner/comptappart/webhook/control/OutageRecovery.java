package com.partner.comptappart.webhook.control;

import com.partner.comptappart.deliveries.control.DeliveryLog;
import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.platform.control.DatabaseOutage;
import com.partner.comptappart.platform.control.Metrics;
import com.partner.comptappart.platform.control.SchemaMigration;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Orders the sender gave up on while our database was away. Each delivery answered 503 for that
 * reason keeps its body in the delivery log (spooled to disk, then moved in once the database is
 * back); an outage longer than the sender's retries (35 minutes under 2.1) would leave its order
 * unstored until ops replayed it. On a schedule, every receiver looks for such deliveries whose
 * event is still not stored and processes each again from its body, exactly as an ops replay does
 * (recorded as a replay by {@value #OPERATOR}). Each delivery is first claimed in the database, so
 * that one receiver of a cluster does it; a claim left by a receiver that died is taken again after
 * its lease. Counted in {@code comptappart_deliveries_recovered_total{outcome}}.
 */
@ApplicationScoped
public class OutageRecovery {

  static final String OPERATOR = "outage-recovery";
  static final String RECOVERED = "comptappart.deliveries.recovered";
  private static final Logger LOG = Logger.getLogger(OutageRecovery.class.getName());
  private static final int BATCH = 100;

  @Inject DeliveryLog log;
  @Inject DeliveryReplay replay;
  @Inject DeliverySignatures signatures;
  @Inject SchemaMigration schema;
  @Inject Metrics metrics;
  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "comptappart.outage-recovery.interval", defaultValue = "PT30S")
  String interval;

  /** Longer than a replay can take (a few seconds against a database that stops answering). */
  @Inject
  @ConfigProperty(name = "comptappart.outage-recovery.lease", defaultValue = "PT5M")
  String lease;

  private ScheduledFuture<?> schedule;

  void start(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    // Every outcome from the start: ops see 0 rather than no series at all.
    for (Outcome outcome : Outcome.values()) {
      recovered(outcome);
    }
    long every = Duration.parse(interval).toMillis();
    schedule = scheduler.scheduleWithFixedDelay(this::run, every, every, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }

  private void run() {
    try {
      recover();
    } catch (RuntimeException failure) {
      if (DatabaseOutage.isCauseOf(failure)) {
        // The next run tries again; the outage is reported by readiness and by the 503s.
        LOG.fine(() -> "Outage recovery not run: " + failure);
      } else {
        LOG.log(Level.WARNING, "Outage recovery failed; the next run tries again", failure);
      }
    }
  }

  /** Processes the deliveries due now; returns how many this receiver processed again. */
  public int recover() {
    schema.ensureCurrent();
    Instant now = Instant.now();
    Instant claimedBefore = now.minus(Duration.parse(lease));
    List<Long> due = log.awaitingRecovery(signatures.isEnabled(), claimedBefore, BATCH);
    int processed = 0;
    for (long id : due) {
      if (!log.claimForRecovery(id, now, claimedBefore)) {
        continue; // another receiver has it
      }
      try {
        DeliveryReplay.Replayed replayed = replay.replay(id, OPERATOR);
        recovered(replayed.delivery().outcome()).inc();
        processed++;
      } catch (RuntimeException failure) {
        if (DatabaseOutage.isCauseOf(failure)) {
          break; // away again: the claim's lease brings it back
        }
        LOG.warning(
            () ->
                "Delivery "
                    + id
                    + " answered 503 during an outage could not be processed again: "
                    + failure.getClass().getSimpleName());
      }
    }
    if (processed > 0) {
      int count = processed;
      LOG.info(
          () ->
              count
                  + " delivery(ies) answered 503 while the database was away processed again"
                  + " (ops: GET /api/ops/deliveries?outcome=... shows them, user agent ops:"
                  + OPERATOR
                  + ")");
    }
    return processed;
  }

  private Metrics.Counter recovered(Outcome outcome) {
    return metrics.counter(RECOVERED, "outcome", outcome.name().toLowerCase(Locale.ROOT));
  }
}
