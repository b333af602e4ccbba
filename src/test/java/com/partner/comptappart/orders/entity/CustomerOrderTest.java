package com.partner.comptappart.orders.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerOrderTest {

  static OrderNotification notification(String eventType, int quantity, String currency) {
    return new OrderNotification(
        eventType,
        "evt_1",
        1207,
        Instant.parse("2026-03-14T09:21:05Z"),
        new OrderNotification.Buyer(null, null, "a@example.org", null),
        new OrderNotification.Purchase(
            new BigDecimal("129.0"),
            currency,
            Instant.parse("2026-03-14T09:21:05Z"),
            true,
            List.of(new OrderNotification.Product("p", "name", quantity, new BigDecimal("107.5"))),
            List.of(new OrderNotification.Field("k", null, "")),
            List.of(
                new OrderNotification.Coverage(2025, "prop-17", "Studio Lyon"),
                new OrderNotification.Coverage(2025, "qlw_8f3a", "Appartement Nantes"))),
        new OrderNotification.InvoiceReference("F-1", "https://example.org/f.pdf"));
  }

  @Test
  void keepsTheNotificationAndWhereAndWhenItArrived() {
    Instant receivedAt = Instant.parse("2026-03-14T09:21:06Z");
    byte[] raw = {'{', '}'};

    CustomerOrder order =
        new CustomerOrder(
            notification("order.created", 2, "EUR"), raw, "staging", receivedAt, null);
    raw[0] = 'x';

    assertEquals("evt_1", order.eventId());
    assertEquals(1207, order.orderId());
    assertEquals("staging", order.environment());
    assertEquals(receivedAt, order.receivedAt());
    assertEquals("{}", new String(order.rawBody()), "the raw body is a copy of the bytes received");
    assertEquals(2, order.products().get(0).quantity());
    assertEquals("", order.customFields().get(0).value());
    assertEquals("CustomerOrder[event evt_1, order 1207, order.created]", order.toString());
  }

  @Test
  void propertiesWithASenderAssignedIdAreNewToThePartner() {
    CustomerOrder order =
        new CustomerOrder(
            notification("order.renewed", 1, "EUR"), new byte[] {}, "local", Instant.now(), 2);

    assertEquals(false, order.coverage().get(0).isNewProperty());
    assertEquals(true, order.coverage().get(1).isNewProperty());
    assertEquals(2025, order.coverage().get(1).fiscalYear());
    assertEquals(true, order.isSubscription());
    assertEquals(2, order.signatureSecret());
  }

  @Test
  void refusesWhatNoNotificationCanMean() {
    Instant now = Instant.now();
    byte[] raw = {};
    assertThrows(
        IllegalArgumentException.class,
        () -> new CustomerOrder(notification("order.created", 0, "EUR"), raw, "local", now, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CustomerOrder(notification("order.created", 1, "eur"), raw, "local", now, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CustomerOrder(notification("order.created", 1, "EUR"), raw, " ", now, null));
  }

  @Test
  void personalDataStaysOutOfToString() {
    Customer customer = new Customer("Claire", "Moreau", "claire@example.org", "+33611223344");

    assertEquals("Customer[personal data withheld]", customer.toString());
  }
}
