package com.partner.comptappart.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.Objects;

/** One product bought in an order; the unit price excludes VAT. */
@Entity
@Table(name = "product_line")
public class ProductLine {

  @Id
  @SequenceGenerator(
      name = "product_line_seq",
      sequenceName = "product_line_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "product_line_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "customer_order_id", nullable = false)
  private CustomerOrder order;

  @Column(name = "line_number", nullable = false)
  private int lineNumber;

  @Column(name = "product_id", nullable = false)
  private String productId;

  @Column(name = "product_name", nullable = false, length = 1000)
  private String productName;

  @Column(name = "quantity", nullable = false)
  private int quantity;

  @Column(name = "unit_price", nullable = false)
  private BigDecimal unitPrice;

  protected ProductLine() {}

  ProductLine(
      CustomerOrder order,
      int lineNumber,
      String productId,
      String productName,
      int quantity,
      BigDecimal unitPrice) {
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be at least 1");
    }
    this.order = Objects.requireNonNull(order, "order");
    this.lineNumber = lineNumber;
    this.productId = Objects.requireNonNull(productId, "productId");
    this.productName = Objects.requireNonNull(productName, "productName");
    this.quantity = quantity;
    this.unitPrice = Objects.requireNonNull(unitPrice, "unitPrice");
  }

  public String productId() {
    return productId;
  }

  public String productName() {
    return productName;
  }

  public int quantity() {
    return quantity;
  }

  public BigDecimal unitPrice() {
    return unitPrice;
  }
}
