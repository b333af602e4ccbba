package com.partner.comptappart.deliveries.control;

import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.platform.control.Metrics;
import com.partner.comptappart.platform.control.Metrics.Counter;
import com.partner.comptappart.platform.control.Metrics.Histogram;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What ops watch on the server's metrics ({@link Metrics}): deliveries by outcome and how long they
 * took ({@code comptappart_deliveries_total}, {@code comptappart_delivery_duration_milliseconds}),
 * and how many delivery records wait on disk for the database ({@code
 * comptappart_delivery_spooled}), and how many of those could not be stored at all and were set
 * aside for ops ({@code comptappart_delivery_set_aside}).
 */
@ApplicationScoped
public class DeliveryMetrics {

  static final String DELIVERIES = "comptappart.deliveries";
  static final String DURATION = "comptappart.delivery.duration.milliseconds";
  static final String SPOOLED = "comptappart.delivery.spooled";
  static final String SET_ASIDE = "comptappart.delivery.set.aside";

  @Inject Metrics metrics;
  @Inject DeliveryRecorder recorder;

  private final Map<Outcome, Counter> deliveries = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Histogram> durations = new EnumMap<>(Outcome.class);

  /**
   * Registers every outcome once, so that a request only increments, and ops see a 0 for outcomes
   * that have not happened yet rather than no series at all.
   */
  @PostConstruct
  void register() {
    for (Outcome outcome : Outcome.values()) {
      String tag = outcome.name().toLowerCase(Locale.ROOT);
      deliveries.put(outcome, metrics.counter(DELIVERIES, "outcome", tag));
      // A histogram in milliseconds rather than a timer: Payara 6.2025 exports a timer's
      // quantiles in nanoseconds under a "seconds" name.
      durations.put(outcome, metrics.histogram(DURATION, "outcome", tag));
    }
  }

  void registerSpoolGauge(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    metrics.gauge(SPOOLED, recorder::spooled);
    metrics.gauge(SET_ASIDE, recorder::setAside);
  }

  public void delivered(Outcome outcome, long durationMillis) {
    deliveries.get(outcome).inc();
    durations.get(outcome).update(durationMillis);
  }
}
