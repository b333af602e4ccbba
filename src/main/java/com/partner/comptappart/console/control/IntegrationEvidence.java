package com.partner.comptappart.console.control;

import com.partner.comptappart.deliveries.control.UnauthenticatedRequests;
import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.webhook.control.ApiKeys;
import com.partner.comptappart.webhook.control.DeliverySignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this receiver saw of ComptAppart, for the joint validation before go-live (the contract's
 * onboarding: a ping, a test order, both sides validate): each delivery the sender made (replays by
 * ops left out), whether it came over HTTPS through the company's proxy with a valid key and a
 * verified signature, its answer and answer time against the contract's 10 s, and the refusals. One
 * receiver serves one environment: the report names it.
 */
@ApplicationScoped
public class IntegrationEvidence {

  /** The contract's answer time limit (revision 2.1; 2.2 allows 30 s): the stricter one. */
  public static final Duration ANSWER_LIMIT = Duration.ofSeconds(10);

  /** The contract's order events (an unknown event type is acknowledged, not an order). */
  static final java.util.Set<String> ORDER_EVENTS =
      java.util.Set.of("order.created", "order.renewed");

  /** At most this many deliveries in one report: onboarding sends a handful. */
  static final int MAX_DELIVERIES = 500;

  /** One delivery as the report shows it. */
  public record Seen(
      long id,
      Instant receivedAt,
      String eventType,
      String eventId,
      String userAgent,
      String scheme,
      Boolean throughProxy,
      Integer signatureSecret,
      int statusCode,
      String outcome,
      String errorCode,
      long durationMillis,
      boolean withinLimit) {

    static Seen of(Delivery delivery) {
      return new Seen(
          delivery.id(),
          delivery.receivedAt(),
          delivery.eventType(),
          delivery.eventId(),
          delivery.userAgent(),
          delivery.scheme(),
          delivery.throughProxy(),
          delivery.signatureSecret(),
          delivery.statusCode(),
          delivery.outcome().name(),
          delivery.errorCode(),
          delivery.durationMillis(),
          delivery.durationMillis() <= ANSWER_LIMIT.toMillis());
    }

    boolean answered2xx() {
      return statusCode >= 200 && statusCode < 300;
    }
  }

  /** The checks of the joint validation, each true when every delivery of the window passed. */
  public record Checks(
      long pings,
      long pingsAnswered2xx,
      long orders,
      long ordersStored,
      long overHttps,
      long throughProxy,
      long signatureVerified,
      long withinLimit,
      long refused,
      Long slowestMillis) {}

  /** The report: this environment, the window, the checks and the deliveries, newest first. */
  public record Report(
      String environment,
      Instant generatedAt,
      Instant since,
      long answerLimitMillis,
      boolean keyRequired,
      boolean signingRequired,
      int deliveries,
      boolean truncated,
      Checks checks,
      Map<String, Long> refusedForCredentialsSinceStart,
      List<Seen> seen) {}

  @PersistenceContext EntityManager em;
  @Inject ApiKeys apiKeys;
  @Inject DeliverySignatures signatures;
  @Inject UnauthenticatedRequests unauthenticated;

  @Inject
  @ConfigProperty(name = "comptappart.environment", defaultValue = "local")
  String environment;

  Clock clock = Clock.systemUTC();

  public Report since(Duration window) {
    Instant now = clock.instant();
    Instant since = now.minus(window);
    List<Seen> seen =
        em.createNamedQuery(Delivery.SENT_SINCE, Delivery.class)
            .setParameter("since", since)
            .setMaxResults(MAX_DELIVERIES + 1)
            .getResultStream()
            .map(Seen::of)
            .toList();
    boolean truncated = seen.size() > MAX_DELIVERIES;
    if (truncated) {
      seen = seen.subList(0, MAX_DELIVERIES);
    }
    return new Report(
        environment,
        now,
        since,
        ANSWER_LIMIT.toMillis(),
        apiKeys.isEnabled(),
        signatures.isEnabled(),
        seen.size(),
        truncated,
        checks(seen),
        unauthenticated.sinceStart(),
        seen);
  }

  static Checks checks(List<Seen> seen) {
    List<Seen> pings = seen.stream().filter(s -> "ping".equals(s.eventType())).toList();
    List<Seen> orders = seen.stream().filter(s -> ORDER_EVENTS.contains(s.eventType())).toList();
    return new Checks(
        pings.size(),
        pings.stream().filter(Seen::answered2xx).count(),
        orders.size(),
        orders.stream().filter(s -> "CREATED".equals(s.outcome())).count(),
        seen.stream().filter(s -> "https".equals(s.scheme())).count(),
        seen.stream().filter(s -> Boolean.TRUE.equals(s.throughProxy())).count(),
        seen.stream().filter(s -> s.signatureSecret() != null).count(),
        seen.stream().filter(Seen::withinLimit).count(),
        seen.stream().filter(s -> s.statusCode() >= 400).count(),
        seen.stream().map(Seen::durationMillis).max(Long::compare).orElse(null));
  }
}
