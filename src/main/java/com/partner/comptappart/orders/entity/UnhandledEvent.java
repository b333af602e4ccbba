package com.partner.comptappart.orders.entity;

import java.time.Instant;

/**
 * A well-formed notification of an event type this receiver does not handle yet. It is parked in
 * the delivery log and acknowledged: refusing it would make the sender drop it for good.
 *
 * @param eventId the event id, when the body has one
 * @param timestamp when the body says it was sent; may be null
 */
public record UnhandledEvent(String eventType, String eventId, Instant timestamp)
    implements Notification {}
