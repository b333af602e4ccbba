package com.partner.comptappart.console.control;

import com.partner.comptappart.deliveries.control.DeliveryRecorder;
import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.handlers.entity.HandlerRun;
import com.partner.comptappart.invoices.entity.ArchiveState;
import com.partner.comptappart.orders.control.InFlightEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the console's overview shows: deliveries by outcome per minute over the last hour and per
 * hour over the last day, orders stored today (UTC), the last order, and what waits for ops. Read
 * from the database when it answers; the spool and the copies waiting come from this server's
 * memory, so the page still says something while the database is away.
 */
@ApplicationScoped
public class Overview {

  /** Deliveries of one period (a minute or an hour) by outcome, for the chart. */
  public record Period(Instant start, Map<String, Long> byOutcome) {}

  /** The overview; the database's part is null while it does not answer. */
  public record Snapshot(
      Instant at,
      boolean databaseAnswers,
      List<Period> lastHour,
      List<Period> lastDay,
      Long ordersToday,
      Instant lastOrderAt,
      Long lastOrderId,
      Map<String, Long> needsOps,
      Map<String, Long> invoices,
      long spooled,
      long setAside,
      int copiesWaiting) {}

  @PersistenceContext EntityManager em;
  @Inject DeliveryRecorder recorder;
  @Inject InFlightEvents inFlight;
  Clock clock = Clock.systemUTC();

  @Transactional
  public Snapshot now() {
    Instant now = clock.instant();
    LastOrder last = lastOrder();
    return new Snapshot(
        now,
        true,
        periods(now.minus(Duration.ofHours(1)), ChronoUnit.MINUTES, 60),
        periods(now.minus(Duration.ofDays(1)), ChronoUnit.HOURS, 24),
        count(
            "SELECT COUNT(o) FROM CustomerOrder o WHERE o.receivedAt >= ?1",
            now.truncatedTo(ChronoUnit.DAYS)),
        last.at(),
        last.orderId(),
        needsOps(now),
        invoices(),
        recorder.spooled(),
        recorder.setAside(),
        inFlight.waiting());
  }

  /** While the database does not answer: what this server knows without it. */
  public Snapshot withoutDatabase() {
    return new Snapshot(
        clock.instant(),
        false,
        List.of(),
        List.of(),
        null,
        null,
        null,
        Map.of(),
        Map.of(),
        recorder.spooled(),
        recorder.setAside(),
        inFlight.waiting());
  }

  private List<Period> periods(Instant since, ChronoUnit unit, int count) {
    Instant first = since.truncatedTo(unit).plus(1, unit);
    String trunc = unit == ChronoUnit.MINUTES ? "minute" : "hour";
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT date_trunc('"
                    + trunc
                    + "', received_at) AS period, outcome, COUNT(*) FROM delivery"
                    + " WHERE received_at >= ?1 GROUP BY 1, 2")
            .setParameter(1, Timestamp.from(first))
            .getResultList();
    Map<Instant, Map<String, Long>> byPeriod = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      byPeriod.put(first.plus(i, unit), new TreeMap<>());
    }
    for (Object[] row : rows) {
      Instant period = instant(row[0]).truncatedTo(unit);
      byPeriod
          .computeIfAbsent(period, p -> new TreeMap<>())
          .merge((String) row[1], ((Number) row[2]).longValue(), Long::sum);
    }
    List<Period> periods = new ArrayList<>();
    byPeriod.forEach((start, outcomes) -> periods.add(new Period(start, outcomes)));
    return periods;
  }

  private record LastOrder(Instant at, Long orderId) {}

  private LastOrder lastOrder() {
    List<?> latest =
        em.createQuery(
                "SELECT o.receivedAt, o.orderId FROM CustomerOrder o ORDER BY o.receivedAt DESC")
            .setMaxResults(1)
            .getResultList();
    if (latest.isEmpty()) {
      return new LastOrder(null, null);
    }
    Object[] row = (Object[]) latest.get(0);
    return new LastOrder((Instant) row[0], ((Number) row[1]).longValue());
  }

  /** Deliveries of the last day that ops act on: failed (5xx) and parked. */
  private Map<String, Long> needsOps(Instant now) {
    Map<String, Long> needs = new TreeMap<>();
    for (Outcome outcome : List.of(Outcome.FAILED, Outcome.PARKED)) {
      needs.put(
          outcome.name(),
          ((Number)
                  em.createQuery(
                          "SELECT COUNT(d) FROM Delivery d WHERE d.outcome = ?2"
                              + " AND d.receivedAt >= ?1")
                      .setParameter(1, now.minus(Duration.ofDays(1)))
                      .setParameter(2, outcome)
                      .getSingleResult())
              .longValue());
    }
    // Partner work given up after its attempts, whenever: it waits for ops.
    needs.put(
        "HANDLER_RUNS_FAILED",
        ((Number)
                em.createQuery("SELECT COUNT(r) FROM HandlerRun r WHERE r.state = ?1")
                    .setParameter(1, HandlerRun.State.FAILED)
                    .getSingleResult())
            .longValue());
    return needs;
  }

  private Map<String, Long> invoices() {
    Map<String, Long> byState = new TreeMap<>();
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createQuery("SELECT d.state, COUNT(d) FROM InvoiceDocument d GROUP BY d.state")
            .getResultList();
    for (ArchiveState state : ArchiveState.values()) {
      byState.put(state.name(), 0L);
    }
    for (Object[] row : rows) {
      byState.put(((ArchiveState) row[0]).name(), ((Number) row[1]).longValue());
    }
    return byState;
  }

  private long count(String jpql, Instant since) {
    return ((Number) em.createQuery(jpql).setParameter(1, since).getSingleResult()).longValue();
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    return Instant.parse(value.toString());
  }
}
