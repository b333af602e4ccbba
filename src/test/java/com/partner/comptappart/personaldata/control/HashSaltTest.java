package com.partner.comptappart.personaldata.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HashSaltTest {

  @Test
  void productionRefusesToRunWithoutASaltOfItsOwnAndNamesTheSetting() {
    for (Optional<List<String>> none :
        List.of(Optional.<List<String>>empty(), Optional.of(List.of(" ")))) {
      var refused =
          assertThrows(IllegalArgumentException.class, () -> HashSalt.of(none, "production"));
      assertTrue(
          refused.getMessage().startsWith("comptappart.personal-data.hash-salt is not configured"),
          refused.getMessage());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> HashSalt.of(Optional.of(List.of(HashSalt.BUILT_IN)), "production"));
  }

  @Test
  void aShortSaltIsRefusedInProductionWithoutPrintingIt() {
    var refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> HashSalt.of(Optional.of(List.of("short-salt")), "production"));
    assertEquals(
        "comptappart.personal-data.hash-salt has 10 characters; production needs at least 16",
        refused.getMessage());
  }

  @Test
  void otherEnvironmentsFallBackToTheBuiltInSaltAndSaySo() {
    HashSalt local = HashSalt.of(Optional.empty(), "staging");
    assertEquals(HashSalt.BUILT_IN, local.value());
    assertTrue(local.builtIn());
    HashSalt own =
        HashSalt.of(Optional.of(List.of("a-salt-of-its-own-4f1c", "with-comma")), "production");
    assertEquals("a-salt-of-its-own-4f1c,with-comma", own.value());
    assertFalse(own.builtIn());
  }
}
