package com.partner.comptappart.handlers.control;

import com.partner.comptappart.orders.entity.CustomerOrder;

/**
 * Partner code run after a stored order's commit, at least once: implement it in a CDI bean of the
 * WAR. The run is recorded in the order's own transaction, so no stored order misses it (a crash
 * after the commit, a restart, another server of the cluster: a run left unfinished is taken again
 * once its claim expires). A handler that throws is called again later (backoff, then FAILED after
 * {@code comptappart.handlers.max-attempts}, for ops to run again): make it idempotent, keyed by
 * the order's event id. It runs outside any transaction; start one of its own if it needs one.
 */
public interface StoredOrderHandler {

  /** A stable name, the run's key with the event id: renaming a handler runs it again. */
  String name();

  /** Whether this handler wants orders of this event type ({@code order.created}, ...). */
  default boolean handles(String eventType) {
    return true;
  }

  /**
   * Does the work for one stored order.
   *
   * @param order the stored order (its lines, customer, invoice)
   * @param call which event, and which attempt this is (1 for the first)
   * @throws Exception to be called again later
   */
  void handle(CustomerOrder order, Call call) throws Exception;

  /**
   * One call: the order's event and its type ({@code order.created}, {@code order.renewed}), the
   * delivery that stored it (the delivery log's id), the run's id and the attempt (1, 2, ...).
   */
  record Call(String eventId, String eventType, long deliveryId, long runId, int attempt) {}
}
