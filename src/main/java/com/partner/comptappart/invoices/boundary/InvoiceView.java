package com.partner.comptappart.invoices.boundary;

import com.partner.comptappart.invoices.entity.InvoiceDocument;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Where a stored event's invoice document stands, as ops read it beside the order: its state, the
 * attempts and the last error while it is not archived, what was kept once it is, and where to get
 * it. Never the link itself (a signed link is a credential until it expires).
 */
public record InvoiceView(
    String number,
    String state,
    int attempts,
    String lastError,
    String nextAttemptAt,
    String linkExpiresAt,
    String contentType,
    Long sizeBytes,
    String sha256,
    boolean htmlReceipt,
    String fetchedAt,
    String sourceHost,
    String document) {

  public static InvoiceView of(InvoiceDocument document) {
    return new InvoiceView(
        document.invoiceNumber(),
        document.state().name(),
        document.attempts(),
        document.lastError(),
        text(document.nextAttemptAt()),
        text(document.linkExpiresAt()),
        document.contentType(),
        document.sizeBytes(),
        document.sha256(),
        document.htmlReceipt(),
        text(document.fetchedAt()),
        document.sourceHost(),
        "/api/ops/invoices/" + URLEncoder.encode(document.invoiceNumber(), StandardCharsets.UTF_8));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
