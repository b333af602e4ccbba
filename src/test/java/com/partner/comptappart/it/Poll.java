package com.partner.comptappart.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition the server brings about in its own time (a drain, a scheduled task). */
public final class Poll {

  private Poll() {}

  /** True as soon as the condition holds; false if it still does not after the bound. */
  public static boolean until(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
