package com.partner.comptappart.personaldata.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BuyerMentionTest {

  static boolean mentions(String body, String email) {
    return BuyerMention.in(body.getBytes(StandardCharsets.UTF_8), BuyerMention.normalised(email));
  }

  @Test
  void anEscapedAtSignOrLetterIsTheSameEmail() {
    assertTrue(mentions("{\"email\":\"dana.roux\\u0040example.org\"}", "dana.roux@example.org"));
    assertTrue(mentions("{\"email\":\"zo\\u00e9.martin@example.org\"}", "Zoé.Martin@Example.org"));
  }

  @Test
  void caseAndUnicodeFormDoNotMatter() {
    // "é" written decomposed (e + combining acute accent) in the body, composed in the request.
    assertTrue(mentions("{\"e\":\"ZOE\u0301.Martin@EXAMPLE.org\"}", "zoé.martin@example.org"));
  }

  @Test
  void aBodyThatIsNotJsonIsSearchedAsTextWithItsEscapesDecoded() {
    assertTrue(
        mentions("{\"email\": \"Zo\\u00e9.Martin@Example.org\", oops", "zoé.martin@example.org"));
    assertTrue(mentions("not json at all: Zoé.Martin@Example.org", "zoé.martin@example.org"));
  }

  @Test
  void anotherBuyerIsNotAMention() {
    assertFalse(mentions("{\"email\":\"zoe.martin@example.org\"}", "zoé.martin@example.org"));
    assertFalse(mentions("{\"email\":\"claire@example.org\"}", ""));
  }
}
