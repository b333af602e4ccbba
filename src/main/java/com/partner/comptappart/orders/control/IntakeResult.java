package com.partner.comptappart.orders.control;

/**
 * What became of a notification.
 *
 * @param outcome stored now, stored by an earlier delivery, acknowledged (ping) or parked (an event
 *     type not handled yet)
 * @param orderId the sender's order id of the stored order; null when there is none
 * @param recorded whether the delivery's record was stored in the same transaction (see {@link
 *     DeliveryRecord}); when not, the caller stores it
 * @param erased whether the stored order's personal data was erased: the delivery's record then
 *     keeps no body (a sender retry must not bring the data back)
 */
public record IntakeResult(Outcome outcome, Long orderId, boolean recorded, boolean erased) {

  public IntakeResult(Outcome outcome, Long orderId, boolean recorded) {
    this(outcome, orderId, recorded, false);
  }

  /** Each outcome with the 2xx status it is answered with: the one place that decides it. */
  public enum Outcome {
    CREATED(200),
    ALREADY_PROCESSED(200),
    ACKNOWLEDGED(200),
    /** Kept, not processed: 202 Accepted. */
    PARKED(202);

    private final int status;

    Outcome(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
