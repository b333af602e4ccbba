package com.partner.comptappart.orders.control;

/**
 * What became of a notification.
 *
 * @param outcome stored now, stored by an earlier delivery, or acknowledged without an order
 * @param orderId the sender's order id of the stored order; null for a ping
 */
public record IntakeResult(Outcome outcome, Long orderId) {

  public enum Outcome {
    CREATED,
    ALREADY_PROCESSED,
    ACKNOWLEDGED
  }
}
