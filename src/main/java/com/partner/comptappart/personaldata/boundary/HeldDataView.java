package com.partner.comptappart.personaldata.boundary;

import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.personaldata.control.PersonalData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Everything held about one buyer, as handed over for a subject access request: their orders with
 * the personal fields, products and custom fields, the bytes received, and every delivery whose
 * body concerns them.
 */
public record HeldDataView(String email, List<OrderData> orders, List<DeliveryData> deliveries) {

  public record OrderData(
      String eventId,
      String eventType,
      long orderId,
      String receivedAt,
      String firstName,
      String lastName,
      String email,
      String phone,
      BigDecimal totalAmount,
      String currency,
      List<Product> products,
      List<Field> customFields,
      String invoiceNumber,
      String rawBody,
      String personalDataErasedAt) {}

  public record Product(String productId, String productName, int quantity, BigDecimal unitPrice) {}

  public record Field(String key, String label, String value) {}

  public record DeliveryData(
      long id,
      String receivedAt,
      String eventId,
      String outcome,
      int status,
      String body,
      String bodyPurgedAt) {}

  static HeldDataView of(String email, PersonalData.HeldData held) {
    return new HeldDataView(
        email,
        held.orders().stream().map(HeldDataView::order).toList(),
        held.deliveries().stream().map(HeldDataView::delivery).toList());
  }

  private static OrderData order(CustomerOrder order) {
    return new OrderData(
        order.eventId(),
        order.eventType(),
        order.orderId(),
        text(order.receivedAt()),
        order.customer().firstName(),
        order.customer().lastName(),
        order.customer().email(),
        order.customer().phone(),
        order.payment().totalAmount(),
        order.payment().currency(),
        order.products().stream()
            .map(p -> new Product(p.productId(), p.productName(), p.quantity(), p.unitPrice()))
            .toList(),
        order.customFields().stream().map(f -> new Field(f.key(), f.label(), f.value())).toList(),
        order.invoice().number(),
        text(order.rawBody()),
        text(order.personalDataErasedAt()));
  }

  private static DeliveryData delivery(Delivery delivery) {
    return new DeliveryData(
        delivery.id(),
        text(delivery.receivedAt()),
        delivery.eventId(),
        delivery.outcome().name(),
        delivery.statusCode(),
        text(delivery.body()),
        text(delivery.bodyPurgedAt()));
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
