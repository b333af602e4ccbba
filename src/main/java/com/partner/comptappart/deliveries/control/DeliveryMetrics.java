package com.partner.comptappart.deliveries.control;

import com.partner.comptappart.deliveries.entity.Delivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What ops watch on {@code GET /metrics?scope=application}: deliveries by outcome and how long they
 * took ({@code comptappart_deliveries_total}, {@code comptappart_delivery_duration_milliseconds}),
 * and how many delivery records wait on disk for the database ({@code
 * comptappart_delivery_spooled}).
 */
@ApplicationScoped
public class DeliveryMetrics {

  static final String DELIVERIES = "comptappart.deliveries";
  static final String DURATION = "comptappart.delivery.duration.milliseconds";
  static final String SPOOLED = "comptappart.delivery.spooled";

  @Inject MetricRegistry registry;
  @Inject DeliveryRecorder recorder;

  void registerSpoolGauge(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    registry.gauge(SPOOLED, recorder, DeliveryRecorder::spooled);
  }

  public void delivered(Delivery delivery) {
    Tag outcome = new Tag("outcome", delivery.outcome().name().toLowerCase(Locale.ROOT));
    registry.counter(DELIVERIES, outcome).inc();
    // A histogram in milliseconds rather than a timer: Payara 6.2025 exports a timer's quantiles
    // in nanoseconds under a "seconds" name.
    registry.histogram(DURATION, outcome).update(delivery.durationMillis());
  }
}
