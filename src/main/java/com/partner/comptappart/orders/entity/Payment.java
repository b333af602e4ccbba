package com.partner.comptappart.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** What the buyer paid, VAT included, exactly as the sender wrote it, and when. */
@Embeddable
public class Payment {

  @Column(name = "total_amount", nullable = false)
  private BigDecimal totalAmount;

  @Column(name = "currency", nullable = false, length = 3)
  private String currency;

  @Column(name = "payment_date", nullable = false)
  private Instant paidAt;

  protected Payment() {}

  public Payment(BigDecimal totalAmount, String currency, Instant paidAt) {
    this.totalAmount = Objects.requireNonNull(totalAmount, "totalAmount");
    if (currency == null || !currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency must be an upper-case ISO 4217 code");
    }
    this.currency = currency;
    this.paidAt = Objects.requireNonNull(paidAt, "paidAt");
  }

  public BigDecimal totalAmount() {
    return totalAmount;
  }

  public String currency() {
    return currency;
  }

  public Instant paidAt() {
    return paidAt;
  }
}
