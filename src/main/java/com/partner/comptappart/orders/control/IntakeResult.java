package com.partner.comptappart.orders.control;

/**
 * What became of a notification.
 *
 * @param outcome stored now, stored by an earlier delivery, acknowledged (ping) or parked (an event
 *     type not handled yet)
 * @param orderId the sender's order id of the stored order; null when there is none
 */
public record IntakeResult(Outcome outcome, Long orderId) {

  public enum Outcome {
    CREATED,
    ALREADY_PROCESSED,
    ACKNOWLEDGED,
    PARKED
  }
}
