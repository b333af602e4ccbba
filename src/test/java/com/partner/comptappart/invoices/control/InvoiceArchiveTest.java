package com.partner.comptappart.invoices.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The archive's waits between attempts, and its warnings under a burst of refused documents. */
class InvoiceArchiveTest {

  @Test
  void theWaitDoublesFromTheFirstRetryAndStopsAtAnHour() {
    InvoiceArchive archive = new InvoiceArchive();
    archive.linkLifetimeSetting = "P7D";
    archive.firstRetrySetting = "PT1M";
    archive.readSettings();

    assertEquals(Duration.ofMinutes(1), archive.retryAfter(0));
    assertEquals(Duration.ofMinutes(2), archive.retryAfter(1));
    assertEquals(Duration.ofMinutes(32), archive.retryAfter(5));
    assertEquals(Duration.ofHours(1), archive.retryAfter(6), "64 minutes, capped");
    assertEquals(Duration.ofHours(1), archive.retryAfter(40));
    assertEquals(Duration.ofHours(1), archive.retryAfter(Integer.MAX_VALUE));
  }

  @Test
  void aBurstOfRefusedDocumentsIsWarnedByNameUpToAHundredThenCounted() {
    InvoiceArchive archive = new InvoiceArchive();
    List<LogRecord> lines = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord line) {
            lines.add(line);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(InvoiceArchive.class.getName());
    log.addHandler(capture);
    boolean toConsole = log.getUseParentHandlers();
    log.setUseParentHandlers(false);
    try {
      for (int i = 1; i <= 150; i++) {
        archive.warnLater("Invoice F-" + i + " not fetched: refused");
      }
      archive.writeWarnings();
      // A later run starts counting again.
      archive.warnLater("Invoice F-151 not fetched: refused");
      archive.writeWarnings();
    } finally {
      log.removeHandler(capture);
      log.setUseParentHandlers(toConsole);
    }

    assertEquals(102, lines.size());
    assertEquals("Invoice F-1 not fetched: refused", lines.get(0).getMessage());
    assertEquals("Invoice F-100 not fetched: refused", lines.get(99).getMessage());
    assertEquals(
        "50 more invoices refused or expired on arrival, not listed (see"
            + " comptappart_invoices_total and GET /api/ops/orders)",
        lines.get(100).getMessage());
    assertEquals("Invoice F-151 not fetched: refused", lines.get(101).getMessage());
    lines.forEach(line -> assertEquals(Level.WARNING, line.getLevel()));
  }
}
