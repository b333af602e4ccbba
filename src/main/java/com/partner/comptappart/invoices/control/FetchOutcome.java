package com.partner.comptappart.invoices.control;

/** What one attempt to fetch an invoice document came to. */
public sealed interface FetchOutcome {

  /** The document, a PDF or (revision 2.2) an HTML receipt page. */
  record Fetched(byte[] bytes, String contentType, boolean htmlReceipt, String host)
      implements FetchOutcome {}

  /**
   * Not this time: a timeout, a lost connection, a 5xx or 429; or a 403/404 ({@code notFound}),
   * which S3 answers for a link not valid yet or any more.
   */
  record Failed(String reason, boolean notFound) implements FetchOutcome {}

  /** Never to be fetched: a link, a redirect or an address we do not follow, or too large. */
  record Refused(String reason) implements FetchOutcome {}
}
