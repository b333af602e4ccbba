package com.partner.comptappart.orders.control;

import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.OrderStored;
import com.partner.comptappart.platform.control.IdBlocks;
import com.partner.comptappart.platform.control.Identified;
import com.partner.comptappart.platform.control.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The stored orders. Each call is one transaction. */
@ApplicationScoped
public class CustomerOrders {

  /** An order has one creation and a renewal per period: far fewer events than this. */
  private static final int LOOKUP_LIMIT = 500;

  @PersistenceContext EntityManager em;

  @Inject Event<OrderStored> orderStored;
  @Inject SchemaMigration schema;
  @Inject IdBlocks ids;

  /**
   * How long a copy waits for another server's copy of its event to commit; past it the copy goes
   * on and the unique key decides. With the wait in this server ({@link InFlightEvents}, 5 s) and
   * the database's own (its 2 s socket timeout), a copy is answered within the sender's 10 s.
   */
  static final long LONGEST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  static final long POLL_MILLIS = 5;

  /** The outcome of {@link #storeOnce}, with the stored order's event when it was stored now. */
  public record Stored(IntakeResult result, OrderStored stored) {}

  /**
   * In one transaction: finds the order already stored for this notification, or inserts the new
   * one (flushed, so that a unique-key violation, a duplicate delivery racing on another server, is
   * raised here) and lets partner code act on it; either way the delivery's record goes with it.
   */
  @Transactional
  public Stored storeOnce(
      OrderNotification notification, Supplier<CustomerOrder> newOrder, DeliveryRecord record) {
    StoredCopy stored = storedCopyOf(notification);
    if (stored != null) {
      IntakeResult result =
          new IntakeResult(
              IntakeResult.Outcome.ALREADY_PROCESSED, stored.orderId(), true, stored.erased());
      persist(record.of(result));
      return new Stored(result, null);
    }
    CustomerOrder order = newOrder.get();
    IntakeResult result = new IntakeResult(IntakeResult.Outcome.CREATED, order.orderId(), true);
    order.identify(ids::next);
    em.persist(order);
    long deliveryId = persist(record.of(result));
    em.flush();
    OrderStored event = new OrderStored(order, deliveryId);
    orderStored.fire(event);
    return new Stored(result, event);
  }

  /**
   * The order already stored for this notification; null when there is none: the same event, or for
   * {@code order.created} the same order (revision 2.1's key). A renewal reuses its order's id and
   * is never matched on it. No entity is loaded.
   *
   * <p>On PostgreSQL, one copy of an event at a time in the whole cluster: the copy takes a
   * transaction-scoped advisory lock on its event id, held until its transaction ends, and looks
   * for the stored order once it holds it, in one statement ({@code comptappart_claim_event},
   * migration V9). A copy that finds the lock taken (by a copy on another server: in this one,
   * {@link InFlightEvents} already made it wait) asks again every few milliseconds, then finds the
   * stored order instead of meeting the unique key. The lock is asked for with {@code
   * pg_try_advisory_xact_lock}, which never waits inside PostgreSQL, where the wait would count
   * against the connection's socket timeout (2 s) and turn a slow first copy into a 503. Past
   * {@link #LONGEST_WAIT_NANOS} the copy goes on without it and the unique key decides. The local
   * H2 run is one server: a query alone.
   */
  private StoredCopy storedCopyOf(OrderNotification notification) {
    if (schema.isPostgreSql()) {
      Object[] claim = claimOnPostgreSql(notification);
      if (claim != null) {
        return claim[1] == null ? null : new StoredCopy((Number) claim[1], claim[2]);
      }
    }
    List<Object[]> stored = storedOrderIdFor(notification);
    return stored.isEmpty() ? null : new StoredCopy((Number) stored.get(0)[0], stored.get(0)[1]);
  }

  /** An order already stored: its sender's order id, and whether its buyer's data was erased. */
  private record StoredCopy(long orderId, boolean erased) {
    StoredCopy(Number orderId, Object erasedAt) {
      this(orderId.longValue(), erasedAt != null);
    }
  }

  /** {@code [locked, stored order id, erased at]} once locked; null past the longest wait. */
  private Object[] claimOnPostgreSql(OrderNotification notification) {
    Long createdOrderId =
        Notification.ORDER_CREATED.equals(notification.eventType()) ? notification.orderId() : null;
    Query claim =
        em.createNamedQuery(CustomerOrder.CLAIM_EVENT)
            .setParameter(1, notification.eventId())
            .setParameter(2, createdOrderId);
    long deadline = System.nanoTime() + LONGEST_WAIT_NANOS;
    while (true) {
      Object[] answer = (Object[]) claim.getSingleResult();
      if (Boolean.TRUE.equals(answer[0])) {
        return answer;
      }
      if (System.nanoTime() - deadline > 0) {
        return null;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /**
   * The same lookup in JPQL, for H2 and for a copy that waited past the longest wait. No row limit:
   * with one, EclipseLink prepares the query again on every call.
   */
  private List<Object[]> storedOrderIdFor(OrderNotification notification) {
    if (Notification.ORDER_CREATED.equals(notification.eventType())) {
      return em.createNamedQuery(CustomerOrder.ORDER_ID_OF_EVENT_OR_CREATION, Object[].class)
          .setParameter("eventId", notification.eventId())
          .setParameter("orderId", notification.orderId())
          .getResultList();
    }
    return em.createNamedQuery(CustomerOrder.ORDER_ID_OF_EVENT, Object[].class)
        .setParameter("eventId", notification.eventId())
        .getResultList();
  }

  /**
   * How many deliveries of this event failed on our side (500 {@code internal_error}), from the
   * delivery log. Native SQL: the delivery log is another component's table, read here only.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long failedDeliveriesOf(String eventId) {
    return ((Number)
            em.createNativeQuery(
                    "SELECT count(*) FROM delivery WHERE event_id = ? AND outcome = 'FAILED'"
                        + " AND error_code = 'internal_error'")
                .setParameter(1, eventId)
                .getSingleResult())
        .longValue();
  }

  /** Every stored event of the sender's order (its creation, then its renewals), oldest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<CustomerOrder> withOrderId(long orderId) {
    return lookup(CustomerOrder.WITH_ORDER_ID, "orderId", orderId);
  }

  /** The stored events whose invoice has this number, oldest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<CustomerOrder> withInvoiceNumber(String number) {
    return lookup(CustomerOrder.WITH_INVOICE_NUMBER, "number", number);
  }

  private List<CustomerOrder> lookup(String namedQuery, String parameter, Object value) {
    return em.createNamedQuery(namedQuery, CustomerOrder.class)
        .setParameter(parameter, value)
        .setMaxResults(LOOKUP_LIMIT)
        .getResultList();
  }

  /** Persists a new row with the next id of its sequence; returns that id. */
  private long persist(Identified row) {
    long[] id = new long[1];
    row.identify(sequence -> id[0] = ids.next(sequence));
    em.persist(row);
    return id[0];
  }
}
