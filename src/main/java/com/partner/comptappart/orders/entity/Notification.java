package com.partner.comptappart.orders.entity;

import java.time.Instant;

/** Anything ComptAppart notifies: an order event, or a ping during onboarding. */
public sealed interface Notification permits OrderNotification, Ping, UnhandledEvent {

  String ORDER_CREATED = "order.created";
  String ORDER_RENEWED = "order.renewed";
  String PING = "ping";

  String eventType();

  Instant timestamp();
}
