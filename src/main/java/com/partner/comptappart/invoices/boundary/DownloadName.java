package com.partner.comptappart.invoices.boundary;

import com.partner.comptappart.invoices.entity.InvoiceDocument;

/**
 * The file name an archived document is served under: the sender's suggested name (revision 2.2)
 * made safe for a {@code Content-Disposition} header (no path, no quotes, no control characters),
 * else the invoice number, with the extension of what was archived.
 */
record DownloadName(String name) {

  static DownloadName of(InvoiceDocument document) {
    String extension = document.htmlReceipt() ? ".html" : ".pdf";
    String suggested = safe(document.suggestedFilename());
    if (suggested.isEmpty()) {
      suggested = safe(document.invoiceNumber()) + extension;
    }
    return new DownloadName(suggested);
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
