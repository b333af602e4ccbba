package com.partner.comptappart.webhook.control;

import static com.partner.comptappart.it.Notifications.replaced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.Ping;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import com.partner.comptappart.platform.control.Violation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class Revision22ParserTest {

  static String example() {
    return NotificationParserTest.resource("/notifications/contract-2.2-example.json");
  }

  static Object parse(String json) {
    return NotificationParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void subscriptionTiersCoverageAndFileNameAreRead() {
    OrderNotification notification = (OrderNotification) parse(example());

    assertEquals(Instant.parse("2026-04-02T14:05:37Z"), notification.timestamp());
    assertEquals(true, notification.order().isSubscription());
    OrderNotification.Product line = notification.order().products().get(0);
    assertEquals(new BigDecimal("199.0"), line.amount());
    assertEquals(
        List.of(
            new OrderNotification.SubItem(
                "Bien 1 à 2", 2, new BigDecimal("74.5"), new BigDecimal("149.0")),
            new OrderNotification.SubItem(
                "Bien 3 et plus", 1, new BigDecimal("50.0"), new BigDecimal("50.0"))),
        line.subItems());
    assertEquals(
        List.of(
            new OrderNotification.Coverage(2025, "PRT-00412", "Studio Lyon 3e"),
            new OrderNotification.Coverage(2025, "PRT-00413", "T2 Villeurbanne"),
            new OrderNotification.Coverage(2025, "qlw_7Hc2mQ9x", "Maison Annecy")),
        notification.order().coverage());
    assertEquals("Facture-FQCA-2026-002318.pdf", notification.invoice().pdfFilename());
  }

  @Test
  void revision21BodiesHaveNoneOfThe22Fields() {
    OrderNotification notification =
        (OrderNotification) NotificationParserTest.parse(NotificationParserTest.example());

    assertNull(notification.order().isSubscription());
    assertEquals(List.of(), notification.order().coverage());
    assertNull(notification.order().products().get(0).amount());
    assertEquals(List.of(), notification.order().products().get(0).subItems());
    assertNull(notification.invoice().pdfFilename());
  }

  @Test
  void renewalIsReadLikeACreation() {
    OrderNotification renewal =
        (OrderNotification) parse(replaced(example(), "\"order.created\"", "\"order.renewed\""));

    assertEquals("order.renewed", renewal.eventType());
    assertEquals(2318, renewal.orderId());
  }

  @Test
  void emptyCoverageIsNormal() {
    OrderNotification notification =
        (OrderNotification)
            parse(example().replaceAll("(?s)\"coverage\": \\[.*?\\n    \\]", "\"coverage\": []"));

    assertEquals(List.of(), notification.order().coverage());
  }

  @Test
  void pingNeedsOnlyItsTimestamp() {
    assertEquals(
        new Ping(Instant.parse("2026-04-01T08:00:00Z")),
        parse("{\"event_type\":\"ping\",\"timestamp\":\"2026-04-01T08:00:00+00:00\"}"));
    RejectedRequest rejection =
        assertThrows(RejectedRequest.class, () -> parse("{\"event_type\":\"ping\"}"));
    assertEquals(List.of(new Violation("timestamp", "is required")), rejection.violations());
  }

  @Test
  void malformed22FieldsAreNamed() {
    String body =
        replaced(
            example(),
            "\"is_subscription\": true",
            "\"is_subscription\": \"yes\"",
            "\"year\": 2025, \"property\": { \"external_id\": \"PRT-00413\"",
            "\"year\": \"2025\", \"property\": { \"external_id\": \"PRT-00413\"",
            "{ \"external_id\": \"qlw_7Hc2mQ9x\", \"name\": \"Maison Annecy\" }",
            "null",
            "\"quantity\": 1, \"unit_price\": 50.0",
            "\"quantity\": -1, \"unit_price\": 50.0");

    RejectedRequest rejection = assertThrows(RejectedRequest.class, () -> parse(body));

    assertEquals(Rejection.INVALID_NOTIFICATION, rejection.rejection());
    assertEquals(
        List.of(
            "order.is_subscription",
            "order.products[0].sub_items[1].quantity",
            "order.coverage[1].year",
            "order.coverage[2].property"),
        rejection.violations().stream().map(Violation::field).toList());
  }
}
