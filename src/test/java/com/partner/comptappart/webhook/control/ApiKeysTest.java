package com.partner.comptappart.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  static final String CURRENT = "current-key-0123456789abcdefghijkl";
  static final String NEXT = "next-key-0123456789abcdefghijklmnop";

  @Test
  void noKeyConfiguredLeavesTheWebhookOpen() {
    assertFalse(new ApiKeys(Optional.empty()).isEnabled());
    assertFalse(new ApiKeys(Optional.of(List.of(" "))).isEnabled());
  }

  @Test
  void everyConfiguredKeyIsAcceptedDuringARotation() {
    ApiKeys keys = new ApiKeys(Optional.of(List.of(CURRENT, " " + NEXT + " ")));

    assertTrue(keys.isEnabled());
    assertTrue(keys.accepts(CURRENT));
    assertTrue(keys.accepts(NEXT));
  }

  @Test
  void anythingElseIsRefused() {
    ApiKeys keys = new ApiKeys(Optional.of(List.of(CURRENT)));

    assertFalse(keys.accepts(null));
    assertFalse(keys.accepts(""));
    assertFalse(keys.accepts(CURRENT.substring(1)));
    assertFalse(keys.accepts(CURRENT + "x"));
    assertFalse(keys.accepts(CURRENT.toUpperCase()));
  }

  @Test
  void keyShorterThan32CharactersIsRefusedWithoutPrintingIt() {
    String shortKey = "s".repeat(31);

    IllegalArgumentException refusal =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ApiKeys(Optional.of(List.of(CURRENT, shortKey))));

    assertEquals(
        "comptappart.api-keys: key #2 has 31 characters; the contract requires at least 32",
        refusal.getMessage());
  }

  @Test
  void whereAKeyIsRequiredNoneIsAnError() {
    IllegalArgumentException refusal =
        assertThrows(IllegalArgumentException.class, () -> new ApiKeys(Optional.empty(), true));

    assertTrue(refusal.getMessage().startsWith("comptappart.require-api-key is true"));
    assertTrue(new ApiKeys(Optional.of(List.of(CURRENT)), true).isEnabled());
  }

  @Test
  void anUnresolvedAliasNeverBecomesTheKey() {
    IllegalArgumentException refusal =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ApiKeys(Optional.of(List.of("${ALIAS=comptappart-api-keys}"))));

    assertEquals(
        "comptappart.api-keys: key #1 is an unresolved reference (missing password alias or"
            + " environment variable)",
        refusal.getMessage());
  }
}
