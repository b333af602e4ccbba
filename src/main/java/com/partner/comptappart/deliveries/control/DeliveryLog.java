package com.partner.comptappart.deliveries.control;

import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.platform.control.IdBlocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The delivery log in the database. */
@ApplicationScoped
public class DeliveryLog {

  @PersistenceContext EntityManager em;
  @Inject IdBlocks ids;

  /** In a transaction of its own: the record outlives a rolled-back order. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Delivery store(Delivery delivery) {
    delivery.identify(ids::next);
    em.persist(delivery);
    return delivery;
  }

  /**
   * In a transaction: a replay reads here on the server's scheduler too, where Payara's entity
   * manager without a transaction may already be closed.
   */
  @Transactional
  public Optional<Delivery> find(long id) {
    return Optional.ofNullable(em.find(Delivery.class, id));
  }

  /** Newest first; with an event id, every delivery of that event (oldest first). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Delivery> search(Outcome outcome, String eventId, int limit) {
    TypedQuery<Delivery> query;
    if (eventId != null) {
      query =
          em.createNamedQuery(Delivery.OF_EVENT, Delivery.class).setParameter("eventId", eventId);
    } else if (outcome != null) {
      query =
          em.createNamedQuery(Delivery.LATEST_WITH_OUTCOME, Delivery.class)
              .setParameter("outcome", outcome);
    } else {
      query = em.createNamedQuery(Delivery.LATEST, Delivery.class);
    }
    return query.setMaxResults(limit).getResultList();
  }

  /**
   * Deliveries answered 503 because the database was away, with a complete body, whose event is
   * still not stored and which no replay has answered yet, oldest first; not claimed by another
   * receiver since {@code claimedBefore}. With {@code signedOnly}, only verified bodies (as for
   * replays by ops while signing is on).
   */
  @Transactional
  public List<Long> awaitingRecovery(boolean signedOnly, Instant claimedBefore, int max) {
    @SuppressWarnings("unchecked")
    List<Number> ids =
        em.createNativeQuery(
                "SELECT d.id FROM delivery d"
                    + " WHERE d.outcome = 'FAILED' AND d.error_code = 'database_unavailable'"
                    + " AND d.replay_of IS NULL AND d.event_id IS NOT NULL"
                    + " AND d.body IS NOT NULL AND d.body_truncated = FALSE"
                    + " AND (? = FALSE OR d.signature_secret IS NOT NULL)"
                    + " AND (d.recovery_claimed_at IS NULL OR d.recovery_claimed_at < ?)"
                    + " AND NOT EXISTS (SELECT 1 FROM customer_order o WHERE o.event_id = d.event_id)"
                    + " AND NOT EXISTS (SELECT 1 FROM delivery r"
                    + "   WHERE r.replay_of = d.id AND r.outcome <> 'FAILED')"
                    + " ORDER BY d.id")
            .setParameter(1, signedOnly)
            .setParameter(2, Timestamp.from(claimedBefore))
            .setMaxResults(max)
            .getResultList();
    return ids.stream().map(Number::longValue).toList();
  }

  /**
   * Claims a delivery for its recovery, committed at once: true for the one receiver whose claim
   * took (none other holds a claim younger than {@code claimedBefore}).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean claimForRecovery(long id, Instant now, Instant claimedBefore) {
    return em.createNativeQuery(
                "UPDATE delivery SET recovery_claimed_at = ? WHERE id = ?"
                    + " AND (recovery_claimed_at IS NULL OR recovery_claimed_at < ?)")
            .setParameter(1, Timestamp.from(now))
            .setParameter(2, id)
            .setParameter(3, Timestamp.from(claimedBefore))
            .executeUpdate()
        == 1;
  }
}
