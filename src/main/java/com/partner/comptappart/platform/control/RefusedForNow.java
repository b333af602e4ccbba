package com.partner.comptappart.platform.control;

import java.time.Duration;

/**
 * Partner code's "not now" for an order, thrown by an observer of {@code OrderStored} inside the
 * order's transaction (a system it needs is away): nothing is stored, the sender gets a 503 {@code
 * refused_for_now} with {@code Retry-After} and sends the order again later.
 */
public class RefusedForNow extends RuntimeException {

  private final Duration retryAfter;

  /**
   * @param retryAfter when to send it again, kept between 1 s and 1 h
   */
  public RefusedForNow(Duration retryAfter) {
    super("refused for now by partner code");
    long seconds = Math.max(1, Math.min(retryAfter.toSeconds(), 3600));
    this.retryAfter = Duration.ofSeconds(seconds);
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
