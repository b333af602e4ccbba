package com.partner.comptappart.orders.entity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A paid-order notification ({@code order.created} or, from revision 2.2, {@code order.renewed}),
 * already checked field by field. Fields the receiver does not know are not kept here; the raw body
 * stored with the order keeps them.
 */
public record OrderNotification(
    String eventType,
    String eventId,
    long orderId,
    Instant timestamp,
    Buyer customer,
    Purchase order,
    InvoiceReference invoice)
    implements Notification {

  public OrderNotification {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(invoice, "invoice");
  }

  /** The buyer; names and phone may be missing, the e-mail never is. */
  public record Buyer(String firstName, String lastName, String email, String phone) {}

  /**
   * What was paid, when, and for what.
   *
   * @param isSubscription revision 2.2; {@code null} when the sender does not say (2.1)
   * @param coverage revision 2.2: the (property, fiscal year) pairs the payment covers; may be
   *     empty
   */
  public record Purchase(
      BigDecimal totalAmount,
      String currency,
      Instant paymentDate,
      Boolean isSubscription,
      List<Product> products,
      List<Field> customFields,
      List<Coverage> coverage) {
    public Purchase {
      products = List.copyOf(products);
      customFields = List.copyOf(customFields);
      coverage = List.copyOf(coverage);
    }
  }

  /**
   * One product line; the unit price excludes VAT.
   *
   * @param amount revision 2.2, optional: the line total
   * @param subItems revision 2.2, optional: the tiers of a tiered price
   */
  public record Product(
      String productId,
      String productName,
      int quantity,
      BigDecimal unitPrice,
      BigDecimal amount,
      List<SubItem> subItems) {
    public Product {
      subItems = List.copyOf(subItems);
    }

    /** A line as revision 2.1 describes it. */
    public Product(String productId, String productName, int quantity, BigDecimal unitPrice) {
      this(productId, productName, quantity, unitPrice, null, List.of());
    }
  }

  /** One tier of a tiered price (revision 2.2). */
  public record SubItem(
      String description, int quantity, BigDecimal unitPrice, BigDecimal amount) {}

  /** A custom checkout field, e.g. the fiscal year of the declaration. */
  public record Field(String key, String label, String value) {}

  /**
   * One (property, fiscal year) the payment covers (revision 2.2).
   *
   * @param propertyExternalId the partner's id of the property, or the sender's {@code qlw_…} id of
   *     a property created on the payment page
   */
  public record Coverage(int year, String propertyExternalId, String propertyName) {}

  /**
   * The invoice ComptAppart produced; its URL expires (24 h in 2.1, 7 days in 2.2).
   *
   * @param pdfFilename revision 2.2, optional: the suggested file name
   */
  public record InvoiceReference(String number, String pdfUrl, String pdfFilename) {

    /** An invoice as revision 2.1 describes it. */
    public InvoiceReference(String number, String pdfUrl) {
      this(number, pdfUrl, null);
    }
  }
}
