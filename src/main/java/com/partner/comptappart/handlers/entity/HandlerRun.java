package com.partner.comptappart.handlers.entity;

import com.partner.comptappart.platform.control.Identified;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToLongFunction;

/** One partner handler's work for one stored order: its state, attempts and last failure. */
@Entity
@Table(name = "handler_run")
@NamedQuery(
    name = HandlerRun.DUE,
    query =
        "SELECT r.id FROM HandlerRun r WHERE r.state = :pending AND r.nextAttemptAt <= :now"
            + " AND (r.claimedAt IS NULL OR r.claimedAt < :claimedBefore)"
            + " ORDER BY r.nextAttemptAt")
@NamedQuery(
    name = HandlerRun.CLAIM,
    query =
        "UPDATE HandlerRun r SET r.claimedAt = :now, r.attempts = r.attempts + 1"
            + " WHERE r.id = :id AND r.state = :pending"
            + " AND (r.claimedAt IS NULL OR r.claimedAt < :claimedBefore)")
@NamedQuery(
    name = HandlerRun.LATEST,
    query = "SELECT r FROM HandlerRun r ORDER BY r.createdAt DESC, r.id DESC")
@NamedQuery(
    name = HandlerRun.LATEST_IN_STATE,
    query =
        "SELECT r FROM HandlerRun r WHERE r.state = :state ORDER BY r.createdAt DESC, r.id DESC")
@NamedQuery(
    name = HandlerRun.OF_EVENT,
    query = "SELECT r FROM HandlerRun r WHERE r.eventId = :eventId ORDER BY r.handler")
public class HandlerRun implements Identified {

  public static final String DUE = "HandlerRun.due";
  public static final String CLAIM = "HandlerRun.claim";
  public static final String LATEST = "HandlerRun.latest";
  public static final String LATEST_IN_STATE = "HandlerRun.latestInState";
  public static final String OF_EVENT = "HandlerRun.ofEvent";

  /** Ids come from {@code handler_run_seq} in blocks: {@link #identify}. */
  public static final String SEQUENCE = "handler_run_seq";

  /** Where a run is. */
  public enum State {
    /** To be run (again) from {@code nextAttemptAt}. */
    PENDING,
    /** The handler returned. */
    DONE,
    /** It threw on every attempt up to the limit: ops run it again. */
    FAILED
  }

  @Id private Long id;

  @Column(name = "order_row_id", nullable = false)
  private long orderRowId;

  @Column(name = "order_id", nullable = false)
  private long orderId;

  @Column(name = "event_id", nullable = false)
  private String eventId;

  @Column(name = "event_type", nullable = false, length = 64)
  private String eventType;

  @Column(name = "delivery_id", nullable = false)
  private long deliveryId;

  @Column(name = "handler", nullable = false, length = 128)
  private String handler;

  @Enumerated(EnumType.STRING)
  @Column(name = "state", nullable = false, length = 16)
  private State state;

  @Column(name = "attempts", nullable = false)
  private int attempts;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "claimed_at")
  private Instant claimedAt;

  @Column(name = "done_at")
  private Instant doneAt;

  @Column(name = "last_error", length = 500)
  private String lastError;

  protected HandlerRun() {}

  public HandlerRun(
      long orderRowId,
      long orderId,
      String eventId,
      String eventType,
      long deliveryId,
      String handler,
      Instant createdAt) {
    this.orderRowId = orderRowId;
    this.orderId = orderId;
    this.eventId = Objects.requireNonNull(eventId, "eventId");
    this.eventType = Objects.requireNonNull(eventType, "eventType");
    this.deliveryId = deliveryId;
    this.handler = Objects.requireNonNull(handler, "handler");
    this.state = State.PENDING;
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.nextAttemptAt = createdAt;
  }

  @Override
  public void identify(ToLongFunction<String> ids) {
    this.id = ids.applyAsLong(SEQUENCE);
  }

  /** The handler returned: done, unclaimed. */
  public void succeeded(Instant at) {
    state = State.DONE;
    doneAt = at;
    claimedAt = null;
    lastError = null;
  }

  /**
   * The handler threw: called again after the backoff, or FAILED once the attempts reach the limit.
   * Only the failure's type and message are kept (500 characters): partner code should not put
   * personal data in its messages, and the log gets the type only.
   */
  public void failed(Throwable failure, Instant at, Duration backoff, int maxAttempts) {
    claimedAt = null;
    String message = failure.getClass().getName() + ": " + failure.getMessage();
    lastError = message.length() > 500 ? message.substring(0, 500) : message;
    if (attempts >= maxAttempts) {
      state = State.FAILED;
    } else {
      nextAttemptAt = at.plus(backoff);
    }
  }

  /** Ops ask for it again: pending now, its attempts kept. */
  public boolean runAgain(Instant at) {
    if (state == State.DONE) {
      return false;
    }
    state = State.PENDING;
    nextAttemptAt = at;
    claimedAt = null;
    return true;
  }

  /** The stored order's row is gone (retention deleted a test order): nothing left to do. */
  public void orderGone(Instant at) {
    state = State.DONE;
    doneAt = at;
    claimedAt = null;
    lastError = "the order was deleted before the handler ran";
  }

  public Long id() {
    return id;
  }

  public long orderRowId() {
    return orderRowId;
  }

  public long orderId() {
    return orderId;
  }

  public String eventId() {
    return eventId;
  }

  public String eventType() {
    return eventType;
  }

  /** The delivery that stored the order (the delivery log's id). */
  public long deliveryId() {
    return deliveryId;
  }

  public String handler() {
    return handler;
  }

  public State state() {
    return state;
  }

  public int attempts() {
    return attempts;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public Instant doneAt() {
    return doneAt;
  }

  public String lastError() {
    return lastError;
  }
}
