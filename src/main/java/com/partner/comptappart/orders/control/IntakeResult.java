package com.partner.comptappart.orders.control;

/**
 * What became of a notification.
 *
 * @param outcome stored now, or stored by an earlier delivery
 * @param orderId the sender's order id of the stored order
 */
public record IntakeResult(Outcome outcome, long orderId) {

  public enum Outcome {
    CREATED,
    ALREADY_PROCESSED
  }
}
