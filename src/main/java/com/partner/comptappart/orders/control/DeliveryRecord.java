package com.partner.comptappart.orders.control;

/**
 * The record of the delivery that brought a notification, written in the same transaction as the
 * order it stores or finds: one commit per delivery. If that transaction rolls back, so does the
 * record, and the caller records the failure in a transaction of its own.
 */
@FunctionalInterface
public interface DeliveryRecord {

  /** The entity to persist beside the order, for this result. */
  Object of(IntakeResult result);
}
