package com.partner.comptappart.webhook.control;

import com.partner.comptappart.platform.control.Violation;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Typed reads of one JSON object's fields. A field that is missing or of the wrong type adds a
 * {@link Violation} named by its full path (e.g. {@code order.products[0].quantity}) and reads as
 * {@code null}, so one pass reports every problem of a body.
 */
final class JsonFields {

  /** Integer digits and decimals an amount may have: far beyond any real price. */
  static final int MAX_AMOUNT_INTEGER_DIGITS = 15;

  static final int MAX_AMOUNT_SCALE = 20;

  /** Far more lines, fields or tiers than any checkout has: a bound on what one body can store. */
  static final int MAX_ARRAY_SIZE = 1000;

  /** The years a notification's dates can be in; PostgreSQL could not store some outside. */
  static final int FIRST_YEAR = 2000;

  static final int LAST_YEAR = 2999;

  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

  private final JsonObject object;
  private final String path;
  private final List<Violation> violations;

  /** False for the stand-in of a missing object: its fields were already reported with it. */
  private final boolean reporting;

  JsonFields(JsonObject object, String path, List<Violation> violations) {
    this(object, path, violations, true);
  }

  private JsonFields(
      JsonObject object, String path, List<Violation> violations, boolean reporting) {
    this.object = object;
    this.path = path;
    this.violations = violations;
    this.reporting = reporting;
  }

  String requiredText(String name, int maxLength) {
    String value = requiredString(name, maxLength);
    if (value != null && value.isBlank()) {
      return invalid(name, "must not be blank");
    }
    return value;
  }

  /** A string that may be empty, as custom field values may be. */
  String requiredString(String name, int maxLength) {
    JsonValue value = present(name);
    return value == null ? null : text(name, value, maxLength);
  }

  String optionalText(String name, int maxLength) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    return text(name, value, maxLength);
  }

  Long requiredPositiveLong(String name) {
    BigDecimal number = number(name);
    if (number == null) {
      return null;
    }
    try {
      long value = number.longValueExact();
      return value > 0 ? value : invalid(name, "must be a positive integer");
    } catch (ArithmeticException e) {
      return invalid(name, "must be a positive integer");
    }
  }

  int requiredQuantity(String name) {
    return requiredInt(name, 1, Integer.MAX_VALUE, "must be an integer of at least 1");
  }

  /** A count that may be zero, such as the units of an unused price tier. */
  int requiredCount(String name) {
    return requiredInt(name, 0, Integer.MAX_VALUE, "must be an integer of at least 0");
  }

  /** A fiscal year, e.g. 2025. */
  int requiredYear(String name) {
    return requiredInt(name, 1900, 2999, "must be a year between 1900 and 2999");
  }

  /** An integer within bounds; 0 (with a violation) when it is not. */
  private int requiredInt(String name, int min, int max, String rule) {
    BigDecimal number = number(name);
    if (number == null) {
      return 0;
    }
    try {
      int value = number.intValueExact();
      if (value >= min && value <= max) {
        return value;
      }
    } catch (ArithmeticException e) {
      // not an int: reported below
    }
    invalid(name, rule);
    return 0;
  }

  Boolean optionalBoolean(String name) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    return switch (value.getValueType()) {
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      default -> invalid(name, "must be a boolean, not " + NotificationParser.describe(value));
    };
  }

  BigDecimal optionalAmount(String name) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    return requiredAmount(name, true);
  }

  /** Money, kept exactly as written: {@code 99.99} stays {@code 99.99}, nothing is rounded. */
  BigDecimal requiredAmount(String name, boolean mayBeNegative) {
    BigDecimal amount = number(name);
    if (amount == null) {
      return null;
    }
    if (amount.scale() > MAX_AMOUNT_SCALE
        || amount.precision() - amount.scale() > MAX_AMOUNT_INTEGER_DIGITS) {
      return invalid(
          name,
          "must have at most "
              + MAX_AMOUNT_INTEGER_DIGITS
              + " digits before the decimal point and "
              + MAX_AMOUNT_SCALE
              + " after it");
    }
    if (!mayBeNegative && amount.signum() < 0) {
      return invalid(name, "must not be negative");
    }
    return amount;
  }

  /** ISO 4217; Stripe writes codes in lower case, so the case is normalised, not refused. */
  String requiredCurrency(String name) {
    String code = requiredString(name, 3);
    if (code == null) {
      return null;
    }
    if (!CURRENCY.matcher(code).matches()) {
      return invalid(name, "must be a 3-letter ISO 4217 currency code");
    }
    return code.toUpperCase(Locale.ROOT);
  }

  /** ISO 8601 with {@code Z} or an offset, with or without fraction; returned in UTC. */
  Instant requiredInstant(String name) {
    String text = requiredString(name, 64);
    if (text == null) {
      return null;
    }
    try {
      OffsetDateTime dateTime = UtcTimestamp.parse(text);
      if (dateTime.getYear() < FIRST_YEAR || dateTime.getYear() > LAST_YEAR) {
        return invalid(name, "must be between " + FIRST_YEAR + " and " + LAST_YEAR);
      }
      return dateTime.toInstant();
    } catch (DateTimeException e) {
      return invalid(name, "must be an ISO 8601 date-time with Z or an offset");
    }
  }

  /**
   * An absolute URL of any scheme. Which links are fetched is the invoice archive's decision (it
   * refuses all but https to allowed hosts, and says so to ops): a link it will not fetch must not
   * cost the order, which a 400 (final for the sender) would.
   */
  String requiredUrl(String name, int maxLength) {
    String text = requiredText(name, maxLength);
    if (text == null) {
      return null;
    }
    try {
      if (new URI(text).isAbsolute()) {
        return text;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    return invalid(name, "must be an absolute URL");
  }

  JsonFields requiredObject(String name) {
    JsonValue value = present(name);
    if (value == null) {
      return missing(name);
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      invalid(name, "must be an object, not " + NotificationParser.describe(value));
      return missing(name);
    }
    return new JsonFields(value.asJsonObject(), pathOf(name), violations, reporting);
  }

  List<JsonFields> requiredArrayOfObjects(String name) {
    JsonValue value = present(name);
    return value == null ? List.of() : objectsIn(name, value);
  }

  List<JsonFields> optionalArrayOfObjects(String name) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return List.of();
    }
    return objectsIn(name, value);
  }

  private List<JsonFields> objectsIn(String name, JsonValue value) {
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      invalid(name, "must be an array, not " + NotificationParser.describe(value));
      return List.of();
    }
    JsonArray array = value.asJsonArray();
    if (array.size() > MAX_ARRAY_SIZE) {
      invalid(name, "must have at most " + MAX_ARRAY_SIZE + " elements");
      return List.of();
    }
    List<JsonFields> elements = new ArrayList<>(array.size());
    for (int index = 0; index < array.size(); index++) {
      JsonValue element = array.get(index);
      String elementPath = name + "[" + index + "]";
      if (element.getValueType() == JsonValue.ValueType.OBJECT) {
        elements.add(
            new JsonFields(element.asJsonObject(), pathOf(elementPath), violations, reporting));
      } else {
        invalid(elementPath, "must be an object, not " + NotificationParser.describe(element));
      }
    }
    return elements;
  }

  private JsonValue present(String name) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      invalid(name, "is required");
      return null;
    }
    return value;
  }

  private BigDecimal number(String name) {
    JsonValue value = present(name);
    if (value == null) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.NUMBER) {
      return invalid(name, "must be a number, not " + NotificationParser.describe(value));
    }
    return ((JsonNumber) value).bigDecimalValue();
  }

  private String text(String name, JsonValue value, int maxLength) {
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      return invalid(name, "must be a string, not " + NotificationParser.describe(value));
    }
    String text = ((JsonString) value).getString();
    if (text.length() > maxLength) {
      return invalid(name, "must be at most " + maxLength + " characters long");
    }
    if (!isStorableText(text)) {
      return invalid(name, "must not contain NUL characters or unpaired surrogates");
    }
    return text;
  }

  /**
   * JSON escapes can spell text no UTF-8 database column holds: NUL ({@code \u0000}) and halves of
   * surrogate pairs. Refused here, they would otherwise fail the insert with a 500 forever.
   */
  static boolean isStorableText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private JsonFields missing(String name) {
    return new JsonFields(JsonValue.EMPTY_JSON_OBJECT, pathOf(name), violations, false);
  }

  private <T> T invalid(String name, String message) {
    if (reporting) {
      violations.add(new Violation(pathOf(name), message));
    }
    return null;
  }

  private String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
