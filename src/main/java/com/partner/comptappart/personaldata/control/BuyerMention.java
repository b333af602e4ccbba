package com.partner.comptappart.personaldata.control;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a stored body names a buyer's e-mail, however it is written: in JSON, a character may be
 * escaped ({@code dana.roux\u0040example.org}), the same letter may come composed or decomposed
 * ({@code é} or {@code e} + accent), and case does not matter in practice. Texts are compared
 * decoded, in Unicode's composed form (NFC), lower-cased. A body that is not JSON (a refused one)
 * is read as UTF-8 text, its {@code \\uXXXX} escapes decoded all the same.
 */
final class BuyerMention {

  private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

  private BuyerMention() {}

  /** The form an e-mail is compared in. */
  static String normalised(String text) {
    return Normalizer.normalize(text.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  /** Whether the body holds the buyer's e-mail, as given by {@link #normalised(String)}. */
  static boolean in(byte[] body, String buyer) {
    if (buyer.isEmpty()) {
      return false;
    }
    try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        if ((event == JsonParser.Event.VALUE_STRING || event == JsonParser.Event.KEY_NAME)
            && normalised(parser.getString()).contains(buyer)) {
          return true;
        }
      }
      return false;
    } catch (jakarta.json.JsonException | IllegalStateException notJson) {
      return normalised(unescaped(new String(body, StandardCharsets.UTF_8))).contains(buyer);
    }
  }

  private static String unescaped(String text) {
    Matcher escape = ESCAPE.matcher(text);
    StringBuilder decoded = new StringBuilder();
    while (escape.find()) {
      escape.appendReplacement(
          decoded,
          Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escape.group(1), 16))));
    }
    return escape.appendTail(decoded).toString();
  }
}
