package com.partner.comptappart.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;

/** The invoice ComptAppart issued for the order; its PDF URL expires, the number does not. */
@Embeddable
public class Invoice {

  @Column(name = "invoice_number", nullable = false)
  private String number;

  @Column(name = "invoice_pdf_url", nullable = false, length = 2048)
  private String pdfUrl;

  protected Invoice() {}

  public Invoice(String number, String pdfUrl) {
    this.number = Objects.requireNonNull(number, "number");
    this.pdfUrl = Objects.requireNonNull(pdfUrl, "pdfUrl");
  }

  public String number() {
    return number;
  }

  public String pdfUrl() {
    return pdfUrl;
  }
}
