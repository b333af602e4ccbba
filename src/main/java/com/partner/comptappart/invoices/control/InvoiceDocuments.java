package com.partner.comptappart.invoices.control;

import com.partner.comptappart.invoices.entity.ArchiveState;
import com.partner.comptappart.invoices.entity.InvoiceDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The stored invoice documents. Each change is a short transaction of its own; a fetch never runs
 * inside one (it may take 30 s, a connection must not be held that long).
 */
@ApplicationScoped
public class InvoiceDocuments {

  @PersistenceContext EntityManager em;

  /**
   * Stores a new document in the caller's transaction (the order's, which is always active here: no
   * transaction interceptor on the request path).
   */
  public void add(InvoiceDocument document) {
    em.persist(document);
  }

  /**
   * Claims a waiting document due by {@code dueBy} for the caller until {@code until}: one receiver
   * among several on the database wins (the update is conditional on no live claim).
   *
   * @return the claimed document, or null when it is not due, not waiting or claimed elsewhere
   */
  @Transactional
  public InvoiceDocument claim(long id, Instant now, Instant dueBy, Instant until) {
    int claimed =
        em.createNamedQuery(InvoiceDocument.CLAIM)
            .setParameter("until", until)
            .setParameter("id", id)
            .setParameter("waiting", ArchiveState.WAITING)
            .setParameter("now", now)
            .setParameter("dueBy", dueBy)
            .executeUpdate();
    return claimed == 1 ? em.find(InvoiceDocument.class, id) : null;
  }

  /** Ids of waiting documents whose next attempt is due, the most overdue first. */
  @Transactional
  public List<Long> due(Instant now, int max) {
    return em.createNamedQuery(InvoiceDocument.DUE, Long.class)
        .setParameter("waiting", ArchiveState.WAITING)
        .setParameter("now", now)
        .setMaxResults(max)
        .getResultList();
  }

  /**
   * Writes an attempt's outcome to the claimed document.
   *
   * @return the state it is left in
   */
  @Transactional
  public ArchiveState record(long id, FetchOutcome outcome, Duration retryAfter, Instant now) {
    InvoiceDocument document = em.find(InvoiceDocument.class, id);
    if (document.state() != ArchiveState.WAITING) {
      return document.state();
    }
    if (outcome instanceof FetchOutcome.Fetched fetched) {
      document.archived(
          fetched.bytes(), fetched.contentType(), fetched.htmlReceipt(), fetched.host(), now);
      return document.state();
    }
    if (outcome instanceof FetchOutcome.Refused refused) {
      document.refusedWhenFetched(refused.reason());
      return document.state();
    }
    FetchOutcome.Failed failed = (FetchOutcome.Failed) outcome;
    return document.failed(failed.reason(), failed.notFound(), retryAfter, now);
  }

  @Transactional
  public void expire(long id) {
    em.find(InvoiceDocument.class, id).expired();
  }

  @Transactional
  public long countWaiting() {
    return em.createNamedQuery(InvoiceDocument.COUNT_WAITING, Long.class)
        .setParameter("waiting", ArchiveState.WAITING)
        .getSingleResult();
  }

  /** The document of a stored event, or null (stored before invoices were archived). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public InvoiceDocument ofStoredEvent(long orderRowId) {
    return em.find(InvoiceDocument.class, orderRowId);
  }

  /** The documents of the events with this invoice number, newest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<InvoiceDocument> withNumber(String number) {
    return em.createNamedQuery(InvoiceDocument.WITH_NUMBER, InvoiceDocument.class)
        .setParameter("number", number)
        .getResultList();
  }

  /** Every document of this invoice number not archived waits again, due now. */
  @Transactional
  public List<InvoiceDocument> fetchAgain(String number, Instant now, Duration linkLifetime) {
    List<InvoiceDocument> documents = withNumber(number);
    documents.forEach(document -> document.fetchAgain(now, linkLifetime));
    return documents;
  }
}
