package com.partner.comptappart.orders.control;

import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.OrderStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The stored orders. Each call is one transaction. */
@ApplicationScoped
public class CustomerOrders {

  /** An order has one creation and a renewal per period: far fewer events than this. */
  private static final int LOOKUP_LIMIT = 500;

  @PersistenceContext EntityManager em;

  @Inject Event<OrderStored> orderStored;

  /**
   * Inserts the order and flushes, so that a unique-key violation (a duplicate delivery) is raised
   * here, inside the transaction, rather than at commit; then lets partner code act on it in the
   * same transaction.
   */
  @Transactional
  public CustomerOrder store(CustomerOrder order) {
    em.persist(order);
    em.flush();
    orderStored.fire(new OrderStored(order));
    return order;
  }

  /**
   * The order already stored for this notification: the same event, or for {@code order.created}
   * the same order (revision 2.1's key). A renewal reuses its order's id and is never matched on
   * it.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<CustomerOrder> findStoredFor(OrderNotification notification) {
    Optional<CustomerOrder> sameEvent =
        em.createNamedQuery(CustomerOrder.BY_EVENT_ID, CustomerOrder.class)
            .setParameter("eventId", notification.eventId())
            .getResultStream()
            .findFirst();
    if (sameEvent.isPresent() || !Notification.ORDER_CREATED.equals(notification.eventType())) {
      return sameEvent;
    }
    return em.createNamedQuery(CustomerOrder.CREATED_WITH_ORDER_ID, CustomerOrder.class)
        .setParameter("orderId", notification.orderId())
        .getResultStream()
        .findFirst();
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
}
