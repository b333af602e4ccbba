package com.partner.comptappart.deliveries.entity;

/** What became of one delivery. */
public enum Outcome {
  /** An order was stored. */
  CREATED,
  /** The event (or order) had been stored by an earlier delivery. */
  ALREADY_PROCESSED,
  /** A ping: answered, nothing to store. */
  ACKNOWLEDGED,
  /** A well-formed event of a type we do not handle yet: kept here, answered 202. */
  PARKED,
  /** Wrong and will stay wrong (4xx): the sender will not resend it. */
  REJECTED,
  /** Authentication failed (401): counted in the metrics, never stored (anyone can send it). */
  UNAUTHORIZED,
  /** Failed on our side (5xx): the sender retries. */
  FAILED
}
