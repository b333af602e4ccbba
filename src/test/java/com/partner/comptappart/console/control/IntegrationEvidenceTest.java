package com.partner.comptappart.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.partner.comptappart.console.control.IntegrationEvidence.Checks;
import com.partner.comptappart.console.control.IntegrationEvidence.Seen;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrationEvidenceTest {

  static Seen seen(
      String type, String scheme, Boolean proxy, Integer secret, int status, long millis) {
    String outcome = status == 200 && type.startsWith("order.") ? "CREATED" : "ACKNOWLEDGED";
    return new Seen(
        1,
        Instant.parse("2026-12-06T09:00:00Z"),
        type,
        "evt_1",
        "Qlower-Partner-Notifier/1.0",
        scheme,
        proxy,
        secret,
        status,
        status >= 400 ? "REJECTED" : outcome,
        status >= 400 ? "invalid_notification" : null,
        millis,
        millis <= IntegrationEvidence.ANSWER_LIMIT.toMillis());
  }

  @Test
  void eachCheckCountsTheDeliveriesThatPassIt() {
    Checks checks =
        IntegrationEvidence.checks(
            List.of(
                seen("ping", "https", true, 1, 200, 12),
                seen("order.created", "https", true, 2, 200, 48),
                seen("order.created", "http", false, null, 400, 10_001),
                seen("order.renewed", "https", null, 1, 200, 10_000),
                seen("order.teleported", "https", true, 1, 202, 3)));

    assertEquals(1, checks.pings());
    assertEquals(1, checks.pingsAnswered2xx());
    assertEquals(3, checks.orders(), "an unknown event type is no order");
    assertEquals(2, checks.ordersStored());
    assertEquals(4, checks.overHttps());
    assertEquals(3, checks.throughProxy(), "unknown (recorded before) is not through the proxy");
    assertEquals(4, checks.signatureVerified());
    assertEquals(4, checks.withinLimit(), "10 000 ms is within the contract's 10 s, 10 001 is not");
    assertEquals(1, checks.refused());
    assertEquals(10_001L, checks.slowestMillis());
  }

  @Test
  void nothingSeenPassesNothing() {
    Checks checks = IntegrationEvidence.checks(List.of());

    assertEquals(0, checks.pings());
    assertEquals(0, checks.orders());
    assertNull(checks.slowestMillis());
  }
}
