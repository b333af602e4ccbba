package com.partner.comptappart.platform.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * The receiver's counters, histograms and gauges, exported through what the server runs:
 * MicroProfile Metrics on Payara ({@code /metrics}), Micrometer on WildFly (its {@code micrometer}
 * subsystem), or nowhere on a server with neither: the receiver then deploys and takes orders all
 * the same.
 */
@ApplicationScoped
public class Metrics {

  /** A count that only goes up. */
  @FunctionalInterface
  public interface Counter {
    void inc(long count);

    default void inc() {
      inc(1);
    }
  }

  /** Values whose count, sum and spread are exported (durations in milliseconds). */
  public interface Histogram {
    void update(long value);
  }

  private MetricsExport export;

  @PostConstruct
  void chooseExport() {
    export = MetricsExport.ofThisServer();
  }

  /** Which facility exports the series: the reference's table of servers names it. */
  public String exportedThrough() {
    return export.name();
  }

  /** A counter without tags, or with one tag: {@code counter(name, "outcome", "stored")}. */
  public Counter counter(String name, String... tag) {
    return export.counter(name, tag);
  }

  public Histogram histogram(String name, String... tag) {
    return export.histogram(name, tag);
  }

  /** A gauge read when the server is scraped. */
  public void gauge(String name, Supplier<? extends Number> value) {
    export.gauge(name, value);
  }
}
