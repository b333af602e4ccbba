package com.partner.comptappart.orders.control;

import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.orders.entity.OrderStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One line per stored order, once its transaction has committed: ids and amount, never personal
 * data. A transactional observer, on the request's own thread: a line is too little work to hand to
 * another thread. At INFO where {@code comptappart.log-each-order} is true (the local run), FINE
 * elsewhere: on a server the delivery log and the ops API are the record, and a console line per
 * order was a lock every request queued on (Payara Micro's console handler writes synchronously).
 */
@ApplicationScoped
public class StoredOrderLog {

  private static final Logger LOG = Logger.getLogger(StoredOrderLog.class.getName());

  private final Level level;

  @Inject
  StoredOrderLog(
      @ConfigProperty(name = "comptappart.log-each-order", defaultValue = "false") boolean atInfo) {
    this.level = atInfo ? Level.INFO : Level.FINE;
  }

  /** For CDI's proxy. */
  StoredOrderLog() {
    this.level = Level.FINE;
  }

  void logStoredOrder(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrderStored stored) {
    if (!LOG.isLoggable(level)) {
      return;
    }
    CustomerOrder order = stored.order();
    LOG.log(
        level,
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
