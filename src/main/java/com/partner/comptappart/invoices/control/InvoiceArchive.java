package com.partner.comptappart.invoices.control;

import com.partner.comptappart.invoices.entity.ArchiveState;
import com.partner.comptappart.invoices.entity.InvoiceDocument;
import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.orders.entity.OrderStored;
import com.partner.comptappart.platform.control.SchemaMigration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Archives the invoice of every stored order while its link is valid. The document's row is written
 * with the order; the first attempt runs right after the commit on a managed thread, never in the
 * sender's request; a schedule takes up what is due again (retries with growing intervals, and what
 * a stopped receiver left), on every receiver, each document claimed by one.
 */
@ApplicationScoped
public class InvoiceArchive {

  private static final Logger LOG = Logger.getLogger(InvoiceArchive.class.getName());

  static final Duration LONGEST_INTERVAL = Duration.ofHours(1);
  private static final int DUE_PER_RUN = 20;

  @Inject InvoiceDocuments documents;
  @Inject InvoiceFetcher fetcher;
  @Inject InvoiceMetrics metrics;
  @Inject SchemaMigration schema;
  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduler;
  @Resource TransactionSynchronizationRegistry transactions;

  @Inject
  @ConfigProperty(name = "comptappart.invoice.link-lifetime", defaultValue = "PT24H")
  String linkLifetimeSetting;

  @Inject
  @ConfigProperty(name = "comptappart.invoice.first-retry", defaultValue = "PT1M")
  String firstRetrySetting;

  @Inject
  @ConfigProperty(name = "comptappart.invoice.poll-interval", defaultValue = "PT30S")
  String pollIntervalSetting;

  /** Parsed once: {@link #documentFor} runs for every order, on the sender's request. */
  private Duration linkLifetime;

  private Duration firstRetry;

  Clock clock = Clock.systemUTC();
  private ScheduledFuture<?> schedule;

  /**
   * Warnings of documents refused or expired on arrival, written by the schedule: each by name up
   * to this many per run, then one line with the count (a burst of stale orders, such as the
   * sender's retries after an outage, would otherwise write a warning per order).
   */
  private static final int MAX_PENDING_WARNINGS = 100;

  private final Queue<String> warnings = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedWarnings = new AtomicInteger();
  private final AtomicInteger droppedWarnings = new AtomicInteger();

  @PostConstruct
  void readSettings() {
    linkLifetime = Duration.parse(linkLifetimeSetting);
    firstRetry = Duration.parse(firstRetrySetting);
  }

  void startSchedule(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    long every = Duration.parse(pollIntervalSetting).toMillis();
    schedule =
        scheduler.scheduleWithFixedDelay(this::attemptDue, every, every, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stopSchedule() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }

  /**
   * In the order's transaction: its invoice document is stored with it, and once the order is
   * committed its first attempt starts (on the request's thread only the hand-over to the
   * executor).
   */
  void archiveWithTheOrder(@Observes OrderStored stored) {
    InvoiceDocument document = documentFor(stored.order());
    documents.add(document);
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {
            // nothing to add to the order's transaction
          }

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              stored(document);
            }
          }
        });
  }

  /**
   * The document to store with a new order: waiting, or at once refused (a link we never fetch) or
   * expired (its lifetime had passed on arrival).
   */
  InvoiceDocument documentFor(CustomerOrder order) {
    Instant now = clock.instant();
    InvoiceDocument document =
        new InvoiceDocument(
            order.id(),
            order.eventId(),
            order.invoice().number(),
            order.invoice().pdfUrl(),
            order.invoice().pdfFilename(),
            order.eventTimestamp().plus(linkLifetime),
            // Left to the attempt right after the commit until then; after it, to the schedule
            // (of any receiver on the database) if that attempt never happened.
            now.plus(firstRetry));
    String refusal = fetcher.policy().refusalOf(order.invoice().pdfUrl());
    if (refusal != null) {
      document.refused(refusal);
    } else if (document.linkExpired(now)) {
      document.expired();
    }
    return document;
  }

  /**
   * After the order's commit: the first attempt, on a managed thread. A document refused or expired
   * on arrival is counted now, and its WARNING written by the next schedule run: a log line per
   * order on the request's thread is a lock every request queues on.
   */
  void stored(InvoiceDocument document) {
    switch (document.state()) {
      case WAITING -> executor.execute(() -> claimAndAttempt(document.orderRowId()));
      case REFUSED -> {
        metrics.refused();
        warnLater(refusedWarning(document, document.lastError()));
      }
      case EXPIRED -> {
        metrics.expired();
        warnLater(expiredWarning(document));
      }
      case ARCHIVED -> {
        // only an attempt archives
      }
    }
  }

  /** Ops asked to fetch an invoice again now; archived documents stay as they are. */
  public List<InvoiceDocument> fetchAgain(String number) {
    List<InvoiceDocument> again = documents.fetchAgain(number, clock.instant(), linkLifetime);
    again.stream()
        .filter(document -> document.state() == ArchiveState.WAITING)
        .forEach(document -> executor.execute(() -> claimAndAttempt(document.orderRowId())));
    return again;
  }

  /** One run of the schedule: claims the documents due and attempts each on a managed thread. */
  void attemptDue() {
    writeWarnings();
    try {
      schema.ensureCurrent();
      Instant now = clock.instant();
      for (long id : documents.due(now, DUE_PER_RUN)) {
        InvoiceDocument claimed = documents.claim(id, now, now, now.plus(claim()));
        if (claimed != null) {
          executor.execute(() -> attempt(claimed));
        }
      }
      metrics.waiting(documents.countWaiting());
    } catch (RuntimeException unavailable) {
      // The database is away: the documents wait in it, and the next run takes them up.
      LOG.log(Level.FINE, "Invoice schedule skipped this run", unavailable);
    }
  }

  private void claimAndAttempt(long id) {
    try {
      Instant now = clock.instant();
      // Due by the end of the first retry's interval: the document was stored with its first
      // attempt put off by that much, for this attempt to make.
      InvoiceDocument claimed = documents.claim(id, now, now.plus(firstRetry), now.plus(claim()));
      if (claimed != null) {
        attempt(claimed);
      }
    } catch (RuntimeException unavailable) {
      LOG.log(Level.FINE, "Invoice attempt put off to the schedule", unavailable);
    }
  }

  private void attempt(InvoiceDocument document) {
    try {
      if (document.linkExpired(clock.instant())) {
        documents.expire(document.orderRowId());
        expiredNow(document);
        return;
      }
      FetchOutcome outcome = fetcher.fetch(document.sourceUrl());
      ArchiveState state =
          documents.record(
              document.orderRowId(), outcome, retryAfter(document.attempts()), clock.instant());
      counted(document, outcome, state);
    } catch (RuntimeException failure) {
      // The claim lapses and the schedule tries again.
      LOG.log(Level.WARNING, "Invoice " + describe(document) + ": attempt failed", failure);
    }
  }

  private void counted(InvoiceDocument document, FetchOutcome outcome, ArchiveState state) {
    switch (state) {
      case ARCHIVED -> {
        metrics.archived();
        LOG.fine(() -> "Invoice " + describe(document) + " archived");
      }
      case REFUSED -> {
        metrics.refused();
        LOG.warning(refusedWarning(document, ((FetchOutcome.Refused) outcome).reason()));
      }
      case EXPIRED -> expiredNow(document);
      case WAITING -> {
        metrics.retried();
        LOG.fine(
            () ->
                "Invoice "
                    + describe(document)
                    + " to be tried again: "
                    + ((FetchOutcome.Failed) outcome).reason());
      }
    }
  }

  private void expiredNow(InvoiceDocument document) {
    metrics.expired();
    LOG.warning(expiredWarning(document));
  }

  private static String expiredWarning(InvoiceDocument document) {
    return "Invoice "
        + describe(document)
        + " expired before it could be archived: ask ComptAppart for a new link, then"
        + " POST /api/ops/invoices/{number}/fetch";
  }

  private static String refusedWarning(InvoiceDocument document, String reason) {
    return "Invoice " + describe(document) + " not fetched: " + reason;
  }

  void warnLater(String warning) {
    if (queuedWarnings.incrementAndGet() > MAX_PENDING_WARNINGS) {
      queuedWarnings.decrementAndGet();
      droppedWarnings.incrementAndGet();
      return;
    }
    warnings.add(warning);
  }

  void writeWarnings() {
    for (String warning; (warning = warnings.poll()) != null; ) {
      queuedWarnings.decrementAndGet();
      LOG.warning(warning);
    }
    int dropped = droppedWarnings.getAndSet(0);
    if (dropped > 0) {
      LOG.warning(
          () ->
              dropped
                  + " more invoices refused or expired on arrival, not listed (see"
                  + " comptappart_invoices_total and GET /api/ops/orders)");
    }
  }

  /**
   * How long a claim holds: twice an attempt's total timeout and a margin, so that it outlives the
   * attempt holding it, and what a killed receiver held is taken up by another soon after.
   */
  Duration claim() {
    return Duration.ofMillis(2 * fetcher.totalTimeoutMillis).plusSeconds(10);
  }

  /**
   * The wait before the next attempt after {@code attemptsBefore} earlier ones: the first retry's
   * interval, doubled each time, at most an hour.
   */
  Duration retryAfter(int attemptsBefore) {
    Duration wait = firstRetry.multipliedBy(1L << Math.min(attemptsBefore, 20));
    return wait.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : wait;
  }

  /** Event id and invoice number only: never the link (signed) nor anything personal. */
  private static String describe(InvoiceDocument document) {
    return document.invoiceNumber() + " of event " + document.eventId();
  }
}
