package com.partner.comptappart.orders.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/** One product bought in an order; the unit price excludes VAT. */
@Entity
@Table(name = "product_line")
public class ProductLine {

  /** Ids come from {@code product_line_seq} in blocks: {@link #identify}. */
  public static final String SEQUENCE = "product_line_seq";

  @Id private Long id;

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

  /** The line total, when the sender gives it (revision 2.2). */
  @Column(name = "amount")
  private BigDecimal amount;

  @ElementCollection
  @CollectionTable(name = "price_tier", joinColumns = @JoinColumn(name = "product_line_id"))
  @OrderColumn(name = "tier_number")
  private List<PriceTier> tiers = new ArrayList<>();

  protected ProductLine() {}

  ProductLine(
      CustomerOrder order,
      int lineNumber,
      String productId,
      String productName,
      int quantity,
      BigDecimal unitPrice,
      BigDecimal amount,
      List<PriceTier> tiers) {
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be at least 1");
    }
    this.order = Objects.requireNonNull(order, "order");
    this.lineNumber = lineNumber;
    this.productId = Objects.requireNonNull(productId, "productId");
    this.productName = Objects.requireNonNull(productName, "productName");
    this.quantity = quantity;
    this.unitPrice = Objects.requireNonNull(unitPrice, "unitPrice");
    this.amount = amount;
    this.tiers.addAll(tiers);
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

  public BigDecimal amount() {
    return amount;
  }

  public List<PriceTier> tiers() {
    return List.copyOf(tiers);
  }

  void identify(ToLongFunction<String> ids) {
    this.id = ids.applyAsLong(SEQUENCE);
  }
}
