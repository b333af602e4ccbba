package com.partner.comptappart.orders.boundary;

import com.partner.comptappart.invoices.boundary.InvoiceView;
import com.partner.comptappart.invoices.entity.InvoiceDocument;
import com.partner.comptappart.orders.entity.CustomerOrder;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A stored order as ops read it to answer "did we get order N?": what was received and when, with a
 * link to its deliveries. No customer data: ops who need it read the delivery's body.
 */
public record OrderView(
    String eventId,
    String eventType,
    long orderId,
    String eventTimestamp,
    String receivedAt,
    String environment,
    boolean testOrder,
    BigDecimal totalAmount,
    String currency,
    String invoiceNumber,
    int productLines,
    String deliveries,
    InvoiceView invoice) {

  /**
   * @param document the order's invoice document; null for an order stored before invoices were
   *     archived
   */
  static OrderView of(CustomerOrder order, InvoiceDocument document) {
    return new OrderView(
        order.eventId(),
        order.eventType(),
        order.orderId(),
        order.eventTimestamp().toString(),
        order.receivedAt().toString(),
        order.environment(),
        order.isTestOrder(),
        order.payment().totalAmount(),
        order.payment().currency(),
        order.invoice().number(),
        order.products().size(),
        "/api/ops/deliveries?eventId=" + URLEncoder.encode(order.eventId(), StandardCharsets.UTF_8),
        document == null ? null : InvoiceView.of(document));
  }
}
