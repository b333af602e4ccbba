package com.partner.comptappart.handlers.boundary;

import com.partner.comptappart.handlers.entity.HandlerRun;

/** A handler run as ops read it. */
public record HandlerRunView(
    long id,
    String handler,
    long orderId,
    String eventId,
    String eventType,
    long deliveryId,
    String state,
    int attempts,
    String createdAt,
    String nextAttemptAt,
    String doneAt,
    String lastError) {

  static HandlerRunView of(HandlerRun run) {
    return new HandlerRunView(
        run.id(),
        run.handler(),
        run.orderId(),
        run.eventId(),
        run.eventType(),
        run.deliveryId(),
        run.state().name(),
        run.attempts(),
        run.createdAt().toString(),
        run.nextAttemptAt().toString(),
        run.doneAt() == null ? null : run.doneAt().toString(),
        run.lastError());
  }
}
