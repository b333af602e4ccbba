package com.partner.comptappart.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;

/** The invoice ComptAppart issued for the order; its URL expires, the number does not. */
@Embeddable
public class Invoice {

  @Column(name = "invoice_number", nullable = false)
  private String number;

  @Column(name = "invoice_pdf_url", nullable = false, length = 2048)
  private String pdfUrl;

  @Column(name = "invoice_pdf_filename")
  private String pdfFilename;

  protected Invoice() {}

  public Invoice(String number, String pdfUrl, String pdfFilename) {
    this.number = Objects.requireNonNull(number, "number");
    this.pdfUrl = Objects.requireNonNull(pdfUrl, "pdfUrl");
    this.pdfFilename = pdfFilename;
  }

  public String number() {
    return number;
  }

  public String pdfUrl() {
    return pdfUrl;
  }

  /** The file name the sender suggests (revision 2.2); may be null. */
  public String pdfFilename() {
    return pdfFilename;
  }
}
