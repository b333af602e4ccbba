package com.partner.comptappart.deliveries.control;

import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.deliveries.entity.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The delivery log in the database. */
@ApplicationScoped
public class DeliveryLog {

  @PersistenceContext EntityManager em;

  /** In a transaction of its own: the record outlives a rolled-back order. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Delivery store(Delivery delivery) {
    em.persist(delivery);
    return delivery;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
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
}
