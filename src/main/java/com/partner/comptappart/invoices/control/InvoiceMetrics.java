package com.partner.comptappart.invoices.control;

import com.partner.comptappart.platform.control.Metrics;
import com.partner.comptappart.platform.control.Metrics.Counter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What ops watch of invoice archiving on the server's metrics ({@link Metrics}): {@code
 * comptappart_invoices_total} by outcome (archived, retried, refused, expired) and the gauge {@code
 * comptappart_invoices_waiting} (documents not archived yet, as of the last schedule run).
 */
@ApplicationScoped
public class InvoiceMetrics {

  static final String INVOICES = "comptappart.invoices";
  static final String WAITING = "comptappart.invoices.waiting";

  @Inject Metrics metrics;

  private Counter archived;
  private Counter retried;
  private Counter refused;
  private Counter expired;
  private final AtomicLong waiting = new AtomicLong();

  @PostConstruct
  void register() {
    archived = metrics.counter(INVOICES, "outcome", "archived");
    retried = metrics.counter(INVOICES, "outcome", "retried");
    refused = metrics.counter(INVOICES, "outcome", "refused");
    expired = metrics.counter(INVOICES, "outcome", "expired");
    metrics.gauge(WAITING, waiting::get);
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
