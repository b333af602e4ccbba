package com.partner.comptappart.platform.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * MicroProfile Metrics (Payara 6 and 7): the application scope of {@code GET /metrics}. A bean,
 * because the registry's producer reads its injection point; on a server without MicroProfile
 * Metrics, CDI skips this class (its field's type is missing) and nothing asks for it.
 */
@Dependent
class MicroProfileMetricsExport implements MetricsExport {

  @Inject MetricRegistry registry;

  @Override
  public String name() {
    return "MicroProfile Metrics (GET /metrics?scope=application)";
  }

  @Override
  public Metrics.Counter counter(String name, String... tag) {
    return registry.counter(name, tags(tag))::inc;
  }

  @Override
  public Metrics.Histogram histogram(String name, String... tag) {
    return registry.histogram(name, tags(tag))::update;
  }

  @Override
  public void gauge(String name, Supplier<? extends Number> value) {
    registry.gauge(name, value::get);
  }

  private static Tag[] tags(String... tag) {
    return tag.length == 0 ? new Tag[0] : new Tag[] {new Tag(tag[0], tag[1])};
  }
}
