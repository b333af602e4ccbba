package com.partner.comptappart.orders.entity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A paid-order notification as ComptAppart sends it, already checked field by field: every required
 * value is present and of the right type. Fields the receiver does not know are not kept here; the
 * raw body stored with the order keeps them.
 */
public record OrderNotification(
    String eventType,
    String eventId,
    long orderId,
    Instant timestamp,
    Buyer customer,
    Purchase order,
    InvoiceReference invoice) {

  public static final String ORDER_CREATED = "order.created";

  public OrderNotification {
    customer = java.util.Objects.requireNonNull(customer, "customer");
    order = java.util.Objects.requireNonNull(order, "order");
    invoice = java.util.Objects.requireNonNull(invoice, "invoice");
  }

  /** The buyer; names and phone may be missing, the e-mail never is. */
  public record Buyer(String firstName, String lastName, String email, String phone) {}

  /** What was paid, when, and for which products. */
  public record Purchase(
      BigDecimal totalAmount,
      String currency,
      Instant paymentDate,
      List<Product> products,
      List<Field> customFields) {
    public Purchase {
      products = List.copyOf(products);
      customFields = List.copyOf(customFields);
    }
  }

  /** One product line; the unit price excludes VAT. */
  public record Product(String productId, String productName, int quantity, BigDecimal unitPrice) {}

  /** A custom checkout field, e.g. the fiscal year of the declaration. */
  public record Field(String key, String label, String value) {}

  /** The invoice ComptAppart produced; its URL expires (24 h in revision 2.1). */
  public record InvoiceReference(String number, String pdfUrl) {}
}
