package com.partner.comptappart.orders.control;

import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.orders.entity.OrderStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.logging.Logger;

/**
 * One INFO line per stored order, once its transaction has committed: ids and amount, never
 * personal data. A transactional observer, on the request's own thread: a line is too little work
 * to hand to another thread.
 */
@ApplicationScoped
public class StoredOrderLog {

  private static final Logger LOG = Logger.getLogger(StoredOrderLog.class.getName());

  void logStoredOrder(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrderStored stored) {
    CustomerOrder order = stored.order();
    LOG.info(
        () ->
            "Stored order "
                + order.orderId()
                + " ("
                + order.eventType()
                + ", event "
                + order.eventId()
                + "): "
                + order.payment().totalAmount().toPlainString()
                + " "
                + order.payment().currency());
  }
}
