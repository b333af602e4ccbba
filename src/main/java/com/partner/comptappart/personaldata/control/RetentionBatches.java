package com.partner.comptappart.personaldata.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * One retention batch per call, each a transaction of its own touching at most {@link #BATCH} rows:
 * bulk SQL, no entity is loaded.
 */
@ApplicationScoped
public class RetentionBatches {

  static final int BATCH = 500;

  @PersistenceContext EntityManager em;

  /** Removes the bodies of up to a batch of deliveries received before {@code before}. */
  @Transactional
  public int purgeDeliveryBodies(Instant before, Instant now) {
    return em.createNativeQuery(
            "UPDATE delivery SET body = NULL, body_purged_at = ? WHERE id IN"
                + " (SELECT id FROM delivery WHERE body IS NOT NULL AND received_at < ? LIMIT "
                + BATCH
                + ")")
        .setParameter(1, Timestamp.from(now))
        .setParameter(2, Timestamp.from(before))
        .executeUpdate();
  }

  /** Removes the raw bodies of up to a batch of orders received before {@code before}. */
  @Transactional
  public int purgeOrderRawBodies(Instant before) {
    return em.createNativeQuery(
            "UPDATE customer_order SET raw_body = NULL WHERE id IN"
                + " (SELECT id FROM customer_order WHERE raw_body IS NOT NULL AND received_at < ?"
                + " LIMIT "
                + BATCH
                + ")")
        .setParameter(1, Timestamp.from(before))
        .executeUpdate();
  }

  /**
   * Deletes up to a batch of test orders received before {@code before}, with everything that hangs
   * on them: lines and their tiers, custom fields, coverage, invoice documents, deliveries.
   */
  @Transactional
  @SuppressWarnings("unchecked")
  public int deleteTestOrders(Instant before) {
    List<Number> ids =
        em.createNativeQuery(
                "SELECT id FROM customer_order WHERE test_order AND received_at < ? ORDER BY id"
                    + " LIMIT "
                    + BATCH)
            .setParameter(1, Timestamp.from(before))
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    List<Long> orders = ids.stream().map(Number::longValue).toList();
    String in = "(" + String.join(",", orders.stream().map(String::valueOf).toList()) + ")";
    em.createNativeQuery(
            "DELETE FROM price_tier WHERE product_line_id IN"
                + " (SELECT id FROM product_line WHERE customer_order_id IN "
                + in
                + ")")
        .executeUpdate();
    for (String table :
        List.of("product_line", "custom_field", "covered_year", "invoice_document")) {
      em.createNativeQuery("DELETE FROM " + table + " WHERE customer_order_id IN " + in)
          .executeUpdate();
    }
    // Replays point at the delivery they replayed: those links go first.
    em.createNativeQuery(
            "UPDATE delivery SET replay_of = NULL WHERE replay_of IN (SELECT id FROM delivery"
                + " WHERE event_id IN (SELECT event_id FROM customer_order WHERE id IN "
                + in
                + "))")
        .executeUpdate();
    em.createNativeQuery(
            "DELETE FROM delivery WHERE event_id IN"
                + " (SELECT event_id FROM customer_order WHERE id IN "
                + in
                + ")")
        .executeUpdate();
    return em.createNativeQuery("DELETE FROM customer_order WHERE id IN " + in).executeUpdate();
  }
}
