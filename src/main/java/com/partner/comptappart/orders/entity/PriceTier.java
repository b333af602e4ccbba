package com.partner.comptappart.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;
import java.util.Objects;

/** One tier of a tiered price; the product line carries the total (revision 2.2). */
@Embeddable
public class PriceTier {

  @Column(name = "description", nullable = false, length = 1000)
  private String description;

  @Column(name = "quantity", nullable = false)
  private int quantity;

  @Column(name = "unit_price", nullable = false)
  private BigDecimal unitPrice;

  @Column(name = "amount", nullable = false)
  private BigDecimal amount;

  protected PriceTier() {}

  public PriceTier(String description, int quantity, BigDecimal unitPrice, BigDecimal amount) {
    if (quantity < 0) {
      throw new IllegalArgumentException("quantity must not be negative");
    }
    this.description = Objects.requireNonNull(description, "description");
    this.quantity = quantity;
    this.unitPrice = Objects.requireNonNull(unitPrice, "unitPrice");
    this.amount = Objects.requireNonNull(amount, "amount");
  }

  public String description() {
    return description;
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
}
