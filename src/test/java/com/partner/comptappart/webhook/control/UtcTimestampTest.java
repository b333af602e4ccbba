package com.partner.comptappart.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcTimestampTest {

  @Test
  void readsTheSendersShapeToTheNanosecond() {
    assertEquals(
        OffsetDateTime.parse("2025-12-05T14:32:18.123456789Z"),
        UtcTimestamp.parse("2025-12-05T14:32:18.123456789Z"));
    assertEquals(
        "2025-12-05T14:32:18.100Z", UtcTimestamp.parse("2025-12-05T14:32:18.1Z").toString());
    assertEquals("2024-02-29T23:59:59Z", UtcTimestamp.parse("2024-02-29T23:59:59Z").toString());
  }

  @Test
  void refusesDatesAndTimesThatDoNotExist() {
    for (String text :
        List.of(
            "2025-02-29T10:00:00Z",
            "2025-13-01T10:00:00Z",
            "2025-12-05T24:00:00Z",
            "2025-12-05T23:60:00Z",
            "2025-12-05T23:59:60Z",
            "2025-12-05T14:32:18.1234567890Z",
            "2025-12-05 14:32:18Z",
            "2025-12-05T14:32:1xZ",
            "+025-12-05T14:32:18Z")) {
      assertThrows(DateTimeException.class, () -> UtcTimestamp.parse(text), text);
    }
  }

  /** Whatever the text, the same answer as the JDK's ISO parser: the same instant or a refusal. */
  @Test
  void agreesWithTheIsoParserOnThousandsOfTexts() {
    Random random = new Random(20251205);
    List<String> texts = new ArrayList<>();
    String alphabet = "0123456789-T:.Z+ ";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text =
          new StringBuilder(
              String.format(
                  "%04d-%02d-%02dT%02d:%02d:%02d",
                  1990 + random.nextInt(40),
                  random.nextInt(14),
                  random.nextInt(33),
                  random.nextInt(26),
                  random.nextInt(62),
                  random.nextInt(62)));
      int fraction = random.nextInt(12) - 1;
      if (fraction >= 0) {
        text.append('.');
        for (int d = 0; d < fraction; d++) {
          text.append(random.nextInt(10));
        }
      }
      text.append(random.nextInt(10) == 0 ? "+02:00" : "Z");
      if (random.nextInt(8) == 0) {
        text.setCharAt(random.nextInt(text.length()), alphabet.charAt(random.nextInt(17)));
      }
      texts.add(text.toString());
    }
    int accepted = 0;
    for (String text : texts) {
      OffsetDateTime expected;
      try {
        expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      } catch (DateTimeException refused) {
        assertThrows(DateTimeException.class, () -> UtcTimestamp.parse(text), text);
        continue;
      }
      assertEquals(expected.toInstant(), UtcTimestamp.parse(text).toInstant(), text);
      accepted++;
    }
    // Both branches were exercised in earnest.
    assertEquals(true, accepted > 5_000 && accepted < 19_000, "accepted " + accepted);
  }
}
