package com.partner.comptappart.platform.control;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.spi.CDI;
import java.util.function.Supplier;

/**
 * Micrometer, as WildFly's {@code micrometer} subsystem offers it: its Prometheus registry serves
 * the same series names as Payara's {@code /metrics} on the management interface.
 */
final class MicrometerExport implements MetricsExport {

  private final MeterRegistry registry = CDI.current().select(MeterRegistry.class).get();

  @Override
  public String name() {
    return "Micrometer (WildFly's micrometer subsystem)";
  }

  @Override
  public Metrics.Counter counter(String name, String... tag) {
    return registry.counter(name, tag)::increment;
  }

  @Override
  public Metrics.Histogram histogram(String name, String... tag) {
    DistributionSummary summary =
        DistributionSummary.builder(name).tags(tag).baseUnit("milliseconds").register(registry);
    return summary::record;
  }

  @Override
  public void gauge(String name, Supplier<? extends Number> value) {
    Gauge.builder(name, () -> value.get()).strongReference(true).register(registry);
  }
}
