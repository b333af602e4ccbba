package com.partner.comptappart.invoices.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What ops watch of invoice archiving on {@code /metrics?scope=application}: {@code
 * comptappart_invoices_total} by outcome (archived, retried, refused, expired) and the gauge {@code
 * comptappart_invoices_waiting} (documents not archived yet, as of the last schedule run).
 */
@ApplicationScoped
public class InvoiceMetrics {

  static final String INVOICES = "comptappart.invoices";
  static final String WAITING = "comptappart.invoices.waiting";

  @Inject MetricRegistry registry;

  private Counter archived;
  private Counter retried;
  private Counter refused;
  private Counter expired;
  private final AtomicLong waiting = new AtomicLong();

  @PostConstruct
  void register() {
    archived = registry.counter(INVOICES, new Tag("outcome", "archived"));
    retried = registry.counter(INVOICES, new Tag("outcome", "retried"));
    refused = registry.counter(INVOICES, new Tag("outcome", "refused"));
    expired = registry.counter(INVOICES, new Tag("outcome", "expired"));
    registry.gauge(WAITING, waiting, AtomicLong::get);
  }

  void archived() {
    archived.inc();
  }

  void retried() {
    retried.inc();
  }

  void refused() {
    refused.inc();
  }

  void expired() {
    expired.inc();
  }

  void waiting(long count) {
    waiting.set(count);
  }
}
