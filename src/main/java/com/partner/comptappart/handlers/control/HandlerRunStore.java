package com.partner.comptappart.handlers.control;

import com.partner.comptappart.handlers.entity.HandlerRun;
import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.platform.control.IdBlocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The handler runs in the database; each method one transaction (or the caller's). */
@ApplicationScoped
public class HandlerRunStore {

  @PersistenceContext EntityManager em;
  @Inject IdBlocks ids;

  /** Records a run in the caller's transaction: the stored order's. */
  @Transactional(Transactional.TxType.MANDATORY)
  public long record(CustomerOrder order, long deliveryId, String handler, Instant at) {
    HandlerRun run =
        new HandlerRun(
            order.id(),
            order.orderId(),
            order.eventId(),
            order.eventType(),
            deliveryId,
            handler,
            at);
    run.identify(ids::next);
    em.persist(run);
    return run.id();
  }

  /** Runs due now, not claimed since {@code claimedBefore}, the longest waiting first. */
  @Transactional
  public List<Long> due(Instant now, Instant claimedBefore, int max) {
    return em.createNamedQuery(HandlerRun.DUE, Long.class)
        .setParameter("pending", HandlerRun.State.PENDING)
        .setParameter("now", now)
        .setParameter("claimedBefore", claimedBefore)
        .setMaxResults(max)
        .getResultList();
  }

  /**
   * Claims a pending run for one attempt, committed at once: the run, its attempt counted (a crash
   * during the call counts), for the one receiver whose claim took; empty for the others.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<HandlerRun> claim(long id, Instant now, Instant claimedBefore) {
    int claimed =
        em.createNamedQuery(HandlerRun.CLAIM)
            .setParameter("id", id)
            .setParameter("now", now)
            .setParameter("pending", HandlerRun.State.PENDING)
            .setParameter("claimedBefore", claimedBefore)
            .executeUpdate();
    if (claimed == 0) {
      return Optional.empty();
    }
    HandlerRun run = em.find(HandlerRun.class, id);
    em.refresh(run);
    return Optional.of(run);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<CustomerOrder> order(long orderRowId) {
    return Optional.ofNullable(em.find(CustomerOrder.class, orderRowId));
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void succeeded(long id, Instant at) {
    em.find(HandlerRun.class, id).succeeded(at);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public HandlerRun failed(
      long id, Throwable failure, Instant at, Duration backoff, int maxAttempts) {
    HandlerRun run = em.find(HandlerRun.class, id);
    run.failed(failure, at, backoff, maxAttempts);
    return run;
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void orderGone(long id, Instant at) {
    em.find(HandlerRun.class, id).orderGone(at);
  }

  /** Ops ask for a run again: true when it is pending now (a finished run stays done). */
  @Transactional
  public Optional<Boolean> runAgain(long id, Instant at) {
    return Optional.ofNullable(em.find(HandlerRun.class, id)).map(run -> run.runAgain(at));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<HandlerRun> find(long id) {
    return Optional.ofNullable(em.find(HandlerRun.class, id));
  }

  /** Newest first: of one event, of one state, or all. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<HandlerRun> search(HandlerRun.State state, String eventId, int limit) {
    TypedQuery<HandlerRun> query;
    if (eventId != null && !eventId.isBlank()) {
      query = em.createNamedQuery(HandlerRun.OF_EVENT, HandlerRun.class);
      query.setParameter("eventId", eventId);
    } else if (state != null) {
      query = em.createNamedQuery(HandlerRun.LATEST_IN_STATE, HandlerRun.class);
      query.setParameter("state", state);
    } else {
      query = em.createNamedQuery(HandlerRun.LATEST, HandlerRun.class);
    }
    return query.setMaxResults(limit).getResultList();
  }
}
