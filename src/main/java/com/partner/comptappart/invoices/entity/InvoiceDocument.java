package com.partner.comptappart.invoices.entity;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The invoice document of one stored event: its link as notified, where archiving stands, and once
 * archived the document itself. Written in the order's transaction, so that no archive is ever
 * forgotten; changed afterwards only by the receiver holding its claim.
 */
@Entity
@Table(name = "invoice_document")
@NamedQuery(
    name = InvoiceDocument.DUE,
    query =
        "SELECT d.orderRowId FROM InvoiceDocument d WHERE d.state = :waiting"
            + " AND d.nextAttemptAt <= :now AND (d.claimedUntil IS NULL OR d.claimedUntil < :now)"
            + " ORDER BY d.nextAttemptAt")
@NamedQuery(
    name = InvoiceDocument.CLAIM,
    query =
        "UPDATE InvoiceDocument d SET d.claimedUntil = :until WHERE d.orderRowId = :id"
            + " AND d.state = :waiting AND d.nextAttemptAt <= :dueBy"
            + " AND (d.claimedUntil IS NULL OR d.claimedUntil < :now)")
@NamedQuery(
    name = InvoiceDocument.COUNT_WAITING,
    query = "SELECT COUNT(d) FROM InvoiceDocument d WHERE d.state = :waiting")
// The sender's suggested file name can name the buyer ("Facture_Zoe_Martin.pdf").
@NamedQuery(
    name = InvoiceDocument.FORGET_SUGGESTED_NAME,
    query = "UPDATE InvoiceDocument d SET d.suggestedFilename = NULL WHERE d.eventId = :eventId")
@NamedQuery(
    name = InvoiceDocument.WITH_NUMBER,
    query =
        "SELECT d FROM InvoiceDocument d WHERE d.invoiceNumber = :number"
            + " ORDER BY d.orderRowId DESC")
public class InvoiceDocument {

  public static final String DUE = "InvoiceDocument.due";
  public static final String CLAIM = "InvoiceDocument.claim";
  public static final String COUNT_WAITING = "InvoiceDocument.countWaiting";
  public static final String WITH_NUMBER = "InvoiceDocument.withNumber";
  public static final String FORGET_SUGGESTED_NAME = "InvoiceDocument.forgetSuggestedName";

  /** S3 answers 403 (or 404) for a link not valid yet or any more: this many, and we give up. */
  static final int NOT_FOUND_ANSWERS_BEFORE_GIVING_UP = 5;

  /** The stored event's row ({@code customer_order.id}): one document per stored event. */
  @Id
  @Column(name = "customer_order_id")
  private Long orderRowId;

  @Column(name = "invoice_number", nullable = false)
  private String invoiceNumber;

  @Column(name = "event_id", nullable = false)
  private String eventId;

  @Column(name = "source_url", nullable = false, length = 2048)
  private String sourceUrl;

  @Column(name = "suggested_filename")
  private String suggestedFilename;

  @Column(name = "link_expires_at", nullable = false)
  private Instant linkExpiresAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "state", nullable = false, length = 16)
  private ArchiveState state;

  @Column(name = "attempts", nullable = false)
  private int attempts;

  @Column(name = "not_found_answers", nullable = false)
  private int notFoundAnswers;

  @Column(name = "last_error", length = 300)
  private String lastError;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  /** The lease of the receiver fetching it now; another receiver leaves the document alone. */
  @Column(name = "claimed_until")
  private Instant claimedUntil;

  @Basic(fetch = FetchType.LAZY)
  @Column(name = "content")
  private byte[] content;

  @Column(name = "content_type")
  private String contentType;

  @Column(name = "size_bytes")
  private Long sizeBytes;

  @Column(name = "sha256", length = 64)
  private String sha256;

  @Column(name = "html_receipt", nullable = false)
  private boolean htmlReceipt;

  @Column(name = "fetched_at")
  private Instant fetchedAt;

  @Column(name = "source_host")
  private String sourceHost;

  protected InvoiceDocument() {}

  /**
   * The document of a stored event, to be fetched at once.
   *
   * @param linkExpiresAt when the notified link stops working (the notification's timestamp plus
   *     the link's lifetime)
   * @param retryAt when the schedule takes it up if the attempt right after the commit did not
   *     happen (the receiver stopped)
   */
  public InvoiceDocument(
      long orderRowId,
      String eventId,
      String invoiceNumber,
      String sourceUrl,
      String suggestedFilename,
      Instant linkExpiresAt,
      Instant retryAt) {
    this.orderRowId = orderRowId;
    this.eventId = Objects.requireNonNull(eventId, "eventId");
    this.invoiceNumber = Objects.requireNonNull(invoiceNumber, "invoiceNumber");
    this.sourceUrl = Objects.requireNonNull(sourceUrl, "sourceUrl");
    this.suggestedFilename = suggestedFilename;
    this.linkExpiresAt = Objects.requireNonNull(linkExpiresAt, "linkExpiresAt");
    this.state = ArchiveState.WAITING;
    this.nextAttemptAt = retryAt;
  }

  /** Kept: the document's bytes as fetched. */
  public void archived(
      byte[] bytes, String contentType, boolean htmlReceipt, String sourceHost, Instant at) {
    // First: the content is loaded lazily, and EclipseLink's loading of a lazy attribute on its
    // first write re-reads the attributes already changed in this transaction (measured: state and
    // attempts were lost when it came last).
    this.content = bytes.clone();
    attempted();
    this.state = ArchiveState.ARCHIVED;
    this.contentType = contentType;
    this.sizeBytes = (long) bytes.length;
    this.sha256 = sha256Of(bytes);
    this.htmlReceipt = htmlReceipt;
    this.sourceHost = sourceHost;
    this.fetchedAt = at;
    this.lastError = null;
    this.nextAttemptAt = null;
  }

  /** Given up after an attempt: what it met is not fetched (a redirect, an address, the size). */
  public void refusedWhenFetched(String reason) {
    attempted();
    refused(reason);
  }

  /** Never to be fetched: the link is not one we fetch. */
  public void refused(String reason) {
    this.state = ArchiveState.REFUSED;
    this.lastError = clip(reason);
    this.nextAttemptAt = null;
    this.claimedUntil = null;
  }

  /**
   * An attempt failed in a way that may pass (timeout, connection, 5xx, 429, 403/404): tried again
   * after {@code retryAfter}, unless the link will have expired by then or it answered "not found"
   * too often, in which case it is expired now.
   *
   * @return the state it is left in: {@link ArchiveState#WAITING} or {@link ArchiveState#EXPIRED}
   */
  public ArchiveState failed(String error, boolean notFound, Duration retryAfter, Instant now) {
    attempted();
    this.lastError = clip(error);
    if (notFound) {
      notFoundAnswers++;
    }
    Instant next = now.plus(retryAfter);
    if (notFoundAnswers >= NOT_FOUND_ANSWERS_BEFORE_GIVING_UP || !next.isBefore(linkExpiresAt)) {
      this.state = ArchiveState.EXPIRED;
      this.nextAttemptAt = null;
    } else {
      this.nextAttemptAt = next;
    }
    return state;
  }

  /** Its link's lifetime passed before a successful fetch. */
  public void expired() {
    this.state = ArchiveState.EXPIRED;
    this.nextAttemptAt = null;
    this.claimedUntil = null;
    if (lastError == null) {
      this.lastError = "the link had expired before it could be fetched";
    }
  }

  /**
   * Ops asked for another attempt now (the sender made the link valid again): a document not
   * archived waits again, for a new lifetime. An archived one is left as it is.
   */
  public void fetchAgain(Instant now, Duration linkLifetime) {
    if (state == ArchiveState.ARCHIVED) {
      return;
    }
    this.state = ArchiveState.WAITING;
    this.notFoundAnswers = 0;
    this.linkExpiresAt = now.plus(linkLifetime);
    this.nextAttemptAt = now;
    this.claimedUntil = null;
  }

  /** Whether its link's lifetime has passed. */
  public boolean linkExpired(Instant now) {
    return !now.isBefore(linkExpiresAt);
  }

  private void attempted() {
    this.attempts++;
    this.claimedUntil = null;
  }

  private static String clip(String text) {
    return text == null || text.length() <= 300 ? text : text.substring(0, 300);
  }

  static String sha256Of(byte[] bytes) {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public long orderRowId() {
    return orderRowId;
  }

  public String eventId() {
    return eventId;
  }

  public String invoiceNumber() {
    return invoiceNumber;
  }

  public String sourceUrl() {
    return sourceUrl;
  }

  public String suggestedFilename() {
    return suggestedFilename;
  }

  public Instant linkExpiresAt() {
    return linkExpiresAt;
  }

  public ArchiveState state() {
    return state;
  }

  public int attempts() {
    return attempts;
  }

  public String lastError() {
    return lastError;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public byte[] content() {
    return content == null ? null : content.clone();
  }

  public String contentType() {
    return contentType;
  }

  /**
   * The type ops are served this document as, decided by what was archived and never by the type a
   * remote named: a PDF as {@code application/pdf}; an HTML receipt as {@code text/html} (with its
   * charset when it names a real one); anything else not at all (empty).
   */
  public java.util.Optional<String> servedType() {
    if (htmlReceipt) {
      return java.util.Optional.of(htmlType(contentType));
    }
    if (content != null && isPdf(content)) {
      return java.util.Optional.of(PDF);
    }
    return java.util.Optional.empty();
  }

  public static final String PDF = "application/pdf";
  private static final byte[] PDF_SIGNATURE =
      "%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Whether the bytes are a PDF document: they start with its signature. */
  public static boolean isPdf(byte[] bytes) {
    return bytes.length >= PDF_SIGNATURE.length
        && java.util.Arrays.equals(bytes, 0, PDF_SIGNATURE.length, PDF_SIGNATURE, 0, 5);
  }

  /** {@code text/html}, with the charset the remote named only when it is one the JDK knows. */
  public static String htmlType(String remoteType) {
    if (remoteType != null) {
      for (String parameter : remoteType.split(";")) {
        String[] pair = parameter.split("=", 2);
        if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
          String charset = pair[1].strip().replace("\"", "");
          try {
            if (java.nio.charset.Charset.isSupported(charset)) {
              return "text/html; charset=" + java.nio.charset.Charset.forName(charset).name();
            }
          } catch (IllegalArgumentException notACharsetName) {
            // served without a charset
          }
        }
      }
    }
    return "text/html";
  }

  public Long sizeBytes() {
    return sizeBytes;
  }

  public String sha256() {
    return sha256;
  }

  public boolean htmlReceipt() {
    return htmlReceipt;
  }

  public Instant fetchedAt() {
    return fetchedAt;
  }

  public String sourceHost() {
    return sourceHost;
  }
}
