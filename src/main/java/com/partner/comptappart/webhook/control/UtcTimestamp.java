package com.partner.comptappart.webhook.control;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads an ISO 8601 date-time with {@code Z} or an offset. The sender's own shape, {@code
 * 2025-12-05T14:32:18.000Z}, is read by hand: {@link DateTimeFormatter} took more than half of the
 * time spent reading a notification (JDK Flight Recorder, README "Benchmark"). Any other shape goes
 * to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, so both accept and refuse the same texts.
 */
final class UtcTimestamp {

  private UtcTimestamp() {}

  /**
   * @throws java.time.DateTimeException when the text is not such a date-time or names a date or
   *     time that does not exist
   */
  static OffsetDateTime parse(String text) {
    OffsetDateTime sendersShape = parseSendersShape(text);
    return sendersShape != null
        ? sendersShape
        : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null when the text has another shape. */
  private static OffsetDateTime parseSendersShape(String text) {
    int length = text.length();
    if (length < 20
        || length == 21
        || length > 30
        || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (length > 20 && text.charAt(19) != '.')) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (length > 20) {
      int fraction = digits(text, 20, length - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = length - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    }
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    // Throws, as the formatter does, for a month 13, a 30 February or an hour 24.
    return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, ZoneOffset.UTC);
  }

  /** The decimal value of text[from, to), or -1 when a character is not an ASCII digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
