package com.partner.comptappart.webhook.control;

import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.Ping;
import com.partner.comptappart.orders.entity.UnhandledEvent;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import com.partner.comptappart.platform.control.Violation;
import jakarta.json.Json;
import jakarta.json.JsonConfig;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the bytes of a notification into a {@link Notification}, or refuses them with every field
 * at fault named. JSON-P rather than JSON-B binding: binding stops at the first mistyped field and
 * cannot say which one, while the sender's developers need the whole list.
 */
public final class NotificationParser {

  /** Duplicate keys are refused: which of two values the sender meant cannot be guessed. */
  private static final JsonParserFactory PARSERS =
      Json.createParserFactory(
          Map.of(
              JsonConfig.KEY_STRATEGY,
              JsonConfig.KeyStrategy.NONE,
              // The parser's own switch: Parsson (Payara's JSON-P) ignores KEY_STRATEGY there.
              "org.eclipse.parsson.rejectDuplicateKeys",
              true));

  private NotificationParser() {}

  /** Event types stored as orders; besides them a ping is answered, any other type parked. */
  static final Set<String> ORDER_EVENTS =
      Set.of(Notification.ORDER_CREATED, Notification.ORDER_RENEWED);

  public static Notification parse(byte[] body) {
    JsonObject root = readObject(body);
    List<Violation> violations = new ArrayList<>();
    JsonFields fields = new JsonFields(root, "", violations);
    String eventType = fields.requiredText("event_type", 64);
    Notification notification;
    if (eventType == null) {
      notification = null;
    } else if (Notification.PING.equals(eventType)) {
      notification = new Ping(fields.requiredInstant("timestamp"));
    } else if (ORDER_EVENTS.contains(eventType)) {
      notification = readOrder(eventType, fields);
    } else {
      // Kept as printable text: it is logged and recorded, and was not validated as an order.
      notification =
          new UnhandledEvent(
              Delivery.storable(eventType, 64),
              Delivery.storable(root.getString("event_id", null), 255),
              null);
    }
    if (!violations.isEmpty()) {
      throw new RejectedRequest(
          Rejection.INVALID_NOTIFICATION,
          violations.size() + " field(s) missing or invalid.",
          violations);
    }
    return notification;
  }

  private static OrderNotification readOrder(String eventType, JsonFields root) {
    String eventId = root.requiredText("event_id", 255);
    Long orderId = root.requiredPositiveLong("order_id");
    var timestamp = root.requiredInstant("timestamp");

    JsonFields customer = root.requiredObject("customer");
    OrderNotification.Buyer buyer =
        new OrderNotification.Buyer(
            customer.optionalText("first_name", 255),
            customer.optionalText("last_name", 255),
            customer.requiredText("email", 320),
            customer.optionalText("phone", 64));

    JsonFields order = root.requiredObject("order");
    var purchase =
        new OrderNotification.Purchase(
            order.requiredAmount("total_amount", false),
            order.requiredCurrency("currency"),
            order.requiredInstant("payment_date"),
            order.optionalBoolean("is_subscription"),
            readProducts(order),
            readCustomFields(order),
            readCoverage(order));

    JsonFields invoice = root.requiredObject("invoice");
    var invoiceReference =
        new OrderNotification.InvoiceReference(
            invoice.requiredText("number", 255),
            invoice.requiredUrl("pdf_url", 2048),
            invoice.optionalText("pdf_filename", 255));

    return new OrderNotification(
        eventType,
        eventId,
        orderId == null ? 0 : orderId,
        timestamp,
        buyer,
        purchase,
        invoiceReference);
  }

  private static List<OrderNotification.Product> readProducts(JsonFields order) {
    List<OrderNotification.Product> products = new ArrayList<>();
    for (JsonFields product : order.requiredArrayOfObjects("products")) {
      List<OrderNotification.SubItem> tiers = new ArrayList<>();
      for (JsonFields tier : product.optionalArrayOfObjects("sub_items")) {
        tiers.add(
            new OrderNotification.SubItem(
                tier.requiredText("description", 1000),
                tier.requiredCount("quantity"),
                tier.requiredAmount("unit_price", true),
                tier.requiredAmount("amount", true)));
      }
      products.add(
          new OrderNotification.Product(
              product.requiredText("product_id", 255),
              product.requiredText("product_name", 1000),
              product.requiredQuantity("quantity"),
              product.requiredAmount("unit_price", true),
              product.optionalAmount("amount"),
              tiers));
    }
    return products;
  }

  private static List<OrderNotification.Field> readCustomFields(JsonFields order) {
    List<OrderNotification.Field> fields = new ArrayList<>();
    for (JsonFields field : order.optionalArrayOfObjects("custom_fields")) {
      fields.add(
          new OrderNotification.Field(
              field.requiredText("key", 255),
              field.optionalText("label", 1000),
              field.requiredString("value", 4000)));
    }
    return fields;
  }

  private static List<OrderNotification.Coverage> readCoverage(JsonFields order) {
    List<OrderNotification.Coverage> coverage = new ArrayList<>();
    for (JsonFields covered : order.optionalArrayOfObjects("coverage")) {
      JsonFields property = covered.requiredObject("property");
      coverage.add(
          new OrderNotification.Coverage(
              covered.requiredYear("year"),
              property.requiredText("external_id", 255),
              property.optionalText("name", 1000)));
    }
    return coverage;
  }

  private static JsonObject readObject(byte[] body) {
    String text = decodeUtf8(body);
    if (text.isBlank()) {
      throw new RejectedRequest(Rejection.EMPTY_BODY, "The body is empty.");
    }
    if (text.charAt(0) == '\uFEFF') {
      throw new RejectedRequest(
          Rejection.MALFORMED_JSON, "The body starts with a byte order mark, which JSON forbids.");
    }
    JsonValue value;
    try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
      parser.next();
      value = parser.getValue();
      if (parser.hasNext()) {
        throw new RejectedRequest(
            Rejection.MALFORMED_JSON, "The body holds more than one JSON value.");
      }
    } catch (JsonParsingException e) {
      var location = e.getLocation();
      throw new RejectedRequest(
          Rejection.MALFORMED_JSON,
          "The body is not valid JSON"
              + (location == null
                  ? "."
                  : " (line "
                      + location.getLineNumber()
                      + ", column "
                      + location.getColumnNumber()
                      + ")."));
    } catch (RejectedRequest e) {
      throw e;
    } catch (RuntimeException e) {
      // Duplicate keys, nesting or numbers beyond the parser's limits.
      throw new RejectedRequest(
          Rejection.MALFORMED_JSON, "The body is not acceptable JSON: " + e.getMessage());
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new RejectedRequest(
          Rejection.NOT_AN_OBJECT, "The body must be a JSON object, not " + describe(value) + ".");
    }
    return value.asJsonObject();
  }

  private static String decodeUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RejectedRequest(Rejection.INVALID_ENCODING, "The body is not valid UTF-8.");
    }
  }

  static String describe(JsonValue value) {
    return switch (value.getValueType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case TRUE, FALSE -> "a boolean";
      case NULL -> "null";
    };
  }

  /**
   * The event id and type of a body that could not be read as a notification, as far as they can be
   * made out, for the delivery log: {@code [eventId, eventType]}, either may be null.
   */
  public static String[] peekEvent(byte[] body) {
    try {
      JsonObject root = readObject(body);
      return new String[] {text(root, "event_id"), text(root, "event_type")};
    } catch (RuntimeException unreadable) {
      return new String[2];
    }
  }

  private static String text(JsonObject object, String name) {
    JsonValue value = object.get(name);
    return value instanceof jakarta.json.JsonString string ? string.getString() : null;
  }
}
