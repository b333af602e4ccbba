package com.partner.comptappart.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SameOriginFilterTest {

  @Test
  void anOriginMatchesTheHostItWasSentTo() {
    assertTrue(SameOriginFilter.sameHost("https://partner.example", "partner.example"));
    assertTrue(SameOriginFilter.sameHost("https://partner.example", "partner.example:443"));
    assertTrue(SameOriginFilter.sameHost("http://127.0.0.1:8080", "127.0.0.1:8080"));
  }

  @Test
  void anyOtherOriginDoesNot() {
    assertFalse(SameOriginFilter.sameHost("https://evil.example", "partner.example"));
    assertFalse(SameOriginFilter.sameHost("https://partner.example.evil", "partner.example"));
    assertFalse(SameOriginFilter.sameHost("http://127.0.0.1:9999", "127.0.0.1:8080"));
    assertFalse(SameOriginFilter.sameHost("null", "partner.example"));
    assertFalse(SameOriginFilter.sameHost("https://partner.example", null));
  }
}
