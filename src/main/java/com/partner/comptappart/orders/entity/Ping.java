package com.partner.comptappart.orders.entity;

import java.time.Instant;

/** Revision 2.2's onboarding test: acknowledged, nothing processed. */
public record Ping(Instant timestamp) implements Notification {

  @Override
  public String eventType() {
    return PING;
  }
}
