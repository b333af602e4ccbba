package com.partner.comptappart.orders.control;

import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.orders.entity.OrderStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.logging.Logger;

/** One INFO line per stored order, after commit: ids and amount, never personal data. */
@ApplicationScoped
public class StoredOrderLog {

  private static final Logger LOG = Logger.getLogger(StoredOrderLog.class.getName());

  void logStoredOrder(@ObservesAsync OrderStored stored) {
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
