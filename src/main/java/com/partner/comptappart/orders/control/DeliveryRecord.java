package com.partner.comptappart.orders.control;

import com.partner.comptappart.platform.control.Identified;

/**
 * The record of the delivery that brought a notification, written in the same transaction as the
 * order it stores or finds: one commit per delivery. If that transaction rolls back, so does the
 * record, and the caller records the failure in a transaction of its own.
 */
@FunctionalInterface
public interface DeliveryRecord {

  /** The entity to persist beside the order, for this result. */
  Identified of(IntakeResult result);
}
