package com.partner.comptappart.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Retry-After partner code asks for, kept where the sender can act on it. */
class RefusedForNowTest {

  @Test
  void theWaitIsKeptBetweenASecondAndAnHour() {
    assertEquals(Duration.ofSeconds(2), new RefusedForNow(Duration.ofSeconds(2)).retryAfter());
    assertEquals(Duration.ofHours(1), new RefusedForNow(Duration.ofHours(6)).retryAfter());
    assertEquals(Duration.ofSeconds(1), new RefusedForNow(Duration.ofMillis(200)).retryAfter());
    assertEquals(Duration.ofSeconds(1), new RefusedForNow(Duration.ofSeconds(-5)).retryAfter());
  }
}
