package com.partner.comptappart.invoices.entity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvoiceDocumentTest {

  static final Instant RECEIVED = Instant.parse("2026-11-29T10:00:00Z");

  static InvoiceDocument waiting(Duration lifetime) {
    return new InvoiceDocument(
        7L,
        "evt_1",
        "FQCA-1",
        "https://pay.stripe.com/r/1",
        null,
        RECEIVED.plus(lifetime),
        RECEIVED);
  }

  @Test
  void aFailureWaitsForItsRetryWhileTheLinkLivesThenExpires() {
    InvoiceDocument document = waiting(Duration.ofMinutes(10));
    Instant now = RECEIVED;

    assertEquals(
        ArchiveState.WAITING, document.failed("answered 503", false, Duration.ofMinutes(4), now));
    assertEquals(now.plus(Duration.ofMinutes(4)), document.nextAttemptAt());
    assertEquals(1, document.attempts());

    now = now.plus(Duration.ofMinutes(4));
    assertEquals(
        ArchiveState.EXPIRED,
        document.failed("answered 503", false, Duration.ofMinutes(8), now),
        "the next attempt would come after the link's end");
    assertNull(document.nextAttemptAt());
    assertEquals("answered 503", document.lastError());
  }

  @Test
  void fiveNotFoundAnswersAreGivingUp() {
    InvoiceDocument document = waiting(Duration.ofDays(7));
    for (int i = 1; i < 5; i++) {
      assertEquals(
          ArchiveState.WAITING,
          document.failed("answered 403", true, Duration.ofSeconds(1), RECEIVED));
    }
    assertEquals(
        ArchiveState.EXPIRED,
        document.failed("answered 404", true, Duration.ofSeconds(1), RECEIVED));
  }

  @Test
  void anArchivedDocumentKeepsItsBytesAndTheirHash() {
    InvoiceDocument document = waiting(Duration.ofDays(1));
    byte[] pdf = "%PDF-1.7 abc".getBytes(StandardCharsets.US_ASCII);

    document.archived(pdf, "application/pdf", false, "pay.stripe.com", RECEIVED);
    pdf[0] = 'X';

    assertEquals(ArchiveState.ARCHIVED, document.state());
    assertArrayEquals("%PDF-1.7 abc".getBytes(StandardCharsets.US_ASCII), document.content());
    assertEquals(12L, document.sizeBytes());
    // sha256sum of the same 12 bytes
    assertEquals(
        "baad13769b56aaeb5b072762fefe73bc572a131353d594ec2db2b382bfabadfa", document.sha256());
    assertNull(document.nextAttemptAt());
  }

  @Test
  void fetchingAgainGivesANotArchivedDocumentANewLifetimeButLeavesAnArchivedOneAlone() {
    InvoiceDocument expired = waiting(Duration.ofMinutes(1));
    expired.expired();
    Instant now = RECEIVED.plus(Duration.ofHours(3));

    expired.fetchAgain(now, Duration.ofHours(24));

    assertEquals(ArchiveState.WAITING, expired.state());
    assertEquals(now, expired.nextAttemptAt());
    assertTrue(!expired.linkExpired(now.plus(Duration.ofHours(23))));

    InvoiceDocument archived = waiting(Duration.ofDays(1));
    archived.archived(
        new byte[] {'%', 'P', 'D', 'F', '-'}, "application/pdf", false, "h", RECEIVED);
    archived.fetchAgain(now, Duration.ofHours(24));
    assertEquals(ArchiveState.ARCHIVED, archived.state());
  }
}
