package com.partner.comptappart.invoices.boundary;

import com.partner.comptappart.invoices.entity.InvoiceDocument;

/**
 * The file name an archived document is served under, its extension always that of what was
 * archived: a PDF under the sender's suggested name (revision 2.2) made safe for a {@code
 * Content-Disposition} header (no path, no quotes, no control characters) and ending in {@code
 * .pdf}, else the invoice number; an HTML receipt always under the invoice number and {@code .html}
 * (a name of the sender's could make a saved page something else than it is).
 */
record DownloadName(String name) {

  static DownloadName of(InvoiceDocument document) {
    String number = safe(document.invoiceNumber());
    if (document.htmlReceipt()) {
      return new DownloadName((number.isEmpty() ? "receipt" : number) + ".html");
    }
    String suggested = safe(document.suggestedFilename());
    int extension = suggested.lastIndexOf('.');
    String base = extension < 0 ? suggested : suggested.substring(0, extension);
    if (base.isBlank()) {
      base = number.isEmpty() ? "invoice" : number;
    }
    return new DownloadName(base.strip() + ".pdf");
  }

  static String safe(String name) {
    if (name == null) {
      return "";
    }
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    StringBuilder safe = new StringBuilder();
    base.codePoints()
        .filter(c -> c >= 0x20 && c != 0x7F && c != '"' && c != ';' && c <= 0x7E)
        .forEach(safe::appendCodePoint);
    String result = safe.toString().strip();
    while (result.startsWith(".")) {
      result = result.substring(1);
    }
    return result.length() > 200 ? result.substring(0, 200) : result;
  }

  String contentDisposition() {
    return "attachment; filename=\"" + name + "\"";
  }
}
