package com.partner.comptappart.platform.control;

import jakarta.enterprise.inject.spi.CDI;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Where {@link Metrics} go. The implementations name their facility's types; each is loaded only
 * once that facility is known to be there, so that a server without it never sees them.
 */
interface MetricsExport {

  String name();

  Metrics.Counter counter(String name, String... tag);

  Metrics.Histogram histogram(String name, String... tag);

  void gauge(String name, Supplier<? extends Number> value);

  static MetricsExport ofThisServer() {
    MetricsExport export;
    if (injectable("org.eclipse.microprofile.metrics.MetricRegistry")) {
      export = CDI.current().select(MicroProfileMetricsExport.class).get();
    } else if (injectable("io.micrometer.core.instrument.MeterRegistry")) {
      export = new MicrometerExport();
    } else {
      export = new Unexported();
    }
    Logger.getLogger(MetricsExport.class.getName())
        .info(() -> "The receiver's metrics are exported through " + export.name());
    return export;
  }

  /** Whether the application sees the type and the server offers a bean of it. */
  private static boolean injectable(String typeName) {
    try {
      Class<?> type = Class.forName(typeName, false, MetricsExport.class.getClassLoader());
      return CDI.current().select(type).isResolvable();
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }

  /** A server without a metrics facility: the receiver counts nothing rather than failing. */
  final class Unexported implements MetricsExport {
    @Override
    public String name() {
      return "nothing (no MicroProfile Metrics or Micrometer on this server)";
    }

    @Override
    public Metrics.Counter counter(String name, String... tag) {
      return count -> {};
    }

    @Override
    public Metrics.Histogram histogram(String name, String... tag) {
      return value -> {};
    }

    @Override
    public void gauge(String name, Supplier<? extends Number> value) {}
  }
}
