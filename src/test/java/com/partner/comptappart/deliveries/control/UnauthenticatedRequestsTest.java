package com.partner.comptappart.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UnauthenticatedRequestsTest {

  UnauthenticatedRequests refusals = new UnauthenticatedRequests();

  @Test
  void oneSummaryPerIntervalWithReasonsAndTheBusiestAddresses() {
    refusals.refused("203.0.113.9", "invalid_api_key");
    refusals.refused("203.0.113.9", "invalid_api_key");
    refusals.refused("198.51.100.7", "missing_api_key");

    assertEquals(
        "3 unauthenticated request(s) refused: invalid_api_key 2, missing_api_key 1;"
            + " from 203.0.113.9 (2), 198.51.100.7 (1)",
        refusals.takeSummary());
    assertNull(refusals.takeSummary(), "a new interval starts empty");
  }

  @Test
  void manyAddressesKeepMemoryBoundedAndTheLineShort() {
    int addresses = UnauthenticatedRequests.MAX_ADDRESSES + 500;
    for (int i = 0; i < addresses; i++) {
      refusals.refused("10.1." + (i / 256) + "." + (i % 256), "signature_mismatch");
    }

    String summary = refusals.takeSummary();

    assertEquals(
        true,
        summary.startsWith(addresses + " unauthenticated request(s) refused: signature_mismatch "),
        summary);
    assertEquals(
        true,
        summary.endsWith(
            " and "
                + (UnauthenticatedRequests.MAX_ADDRESSES - UnauthenticatedRequests.ADDRESSES_LOGGED)
                + " more address(es); 500 from addresses beyond the first "
                + UnauthenticatedRequests.MAX_ADDRESSES),
        summary);
  }
}
