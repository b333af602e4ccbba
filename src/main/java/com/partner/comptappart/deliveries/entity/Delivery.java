package com.partner.comptappart.deliveries.entity;

import com.partner.comptappart.platform.control.Identified;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToLongFunction;

/** One request received by the webhook, what we answered, and the bytes it carried. */
@Entity
@Table(name = "delivery")
@NamedQuery(
    name = Delivery.LATEST,
    query = "SELECT d FROM Delivery d ORDER BY d.receivedAt DESC, d.id DESC")
@NamedQuery(
    name = Delivery.LATEST_WITH_OUTCOME,
    query =
        "SELECT d FROM Delivery d WHERE d.outcome = :outcome ORDER BY d.receivedAt DESC, d.id DESC")
@NamedQuery(
    name = Delivery.SENT_SINCE,
    query =
        "SELECT d FROM Delivery d WHERE d.receivedAt >= :since AND d.replayOf IS NULL"
            + " ORDER BY d.receivedAt DESC, d.id DESC")
@NamedQuery(
    name = Delivery.OF_EVENT,
    query = "SELECT d FROM Delivery d WHERE d.eventId = :eventId ORDER BY d.receivedAt, d.id")
public class Delivery implements Identified {

  public static final String LATEST = "Delivery.latest";
  public static final String LATEST_WITH_OUTCOME = "Delivery.latestWithOutcome";
  public static final String OF_EVENT = "Delivery.ofEvent";
  public static final String SENT_SINCE = "Delivery.sentSince";

  /** Ids come from {@code delivery_seq} in blocks: {@link #identify}. */
  public static final String SEQUENCE = "delivery_seq";

  @Id private Long id;

  @Column(name = "received_at", nullable = false)
  private Instant receivedAt;

  @Column(name = "event_id")
  private String eventId;

  @Column(name = "event_type", length = 64)
  private String eventType;

  @Enumerated(EnumType.STRING)
  @Column(name = "outcome", nullable = false, length = 32)
  private Outcome outcome;

  @Column(name = "status_code", nullable = false)
  private int statusCode;

  @Column(name = "error_code", length = 64)
  private String errorCode;

  @Column(name = "duration_ms", nullable = false)
  private long durationMillis;

  @Column(name = "user_agent")
  private String userAgent;

  @Column(name = "client_address", length = 64)
  private String clientAddress;

  @Column(name = "scheme", length = 8)
  private String scheme;

  @Column(name = "through_proxy")
  private Boolean throughProxy;

  @Column(name = "signature_secret")
  private Integer signatureSecret;

  @Basic(fetch = FetchType.LAZY)
  @Column(name = "body")
  private byte[] body;

  @Column(name = "body_truncated", nullable = false)
  private boolean bodyTruncated;

  @Column(name = "replay_of")
  private Long replayOf;

  /** When the body was removed (erasure, retention); the record itself stays. */
  @Column(name = "body_purged_at")
  private Instant bodyPurgedAt;

  protected Delivery() {}

  /** Removes the body (it holds personal data), keeping the record of the delivery. */
  public void purgeBody(Instant at) {
    if (body != null) {
      this.body = null;
      this.bodyPurgedAt = at;
    }
  }

  public Instant bodyPurgedAt() {
    return bodyPurgedAt;
  }

  private Delivery(Builder builder) {
    this.receivedAt = Objects.requireNonNull(builder.receivedAt, "receivedAt");
    this.outcome = Objects.requireNonNull(builder.outcome, "outcome");
    if (builder.statusCode < 100 || builder.statusCode > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + builder.statusCode);
    }
    this.statusCode = builder.statusCode;
    // Texts taken from the request: made storable here, whatever was sent, so that no record
    // fails in the database (and jams the spool) for its content.
    this.eventId = storable(builder.eventId, 255);
    this.eventType = storable(builder.eventType, 64);
    this.errorCode = storable(builder.errorCode, 64);
    this.durationMillis = Math.max(0, builder.durationMillis);
    this.userAgent = storable(builder.userAgent, 255);
    this.clientAddress = storable(builder.clientAddress, 64);
    this.scheme = storable(builder.scheme, 8);
    this.throughProxy = builder.throughProxy;
    this.signatureSecret = builder.signatureSecret;
    // Credentials failed: the body of an unauthenticated request is not ours to keep.
    this.body =
        outcome == Outcome.UNAUTHORIZED || builder.body == null ? null : builder.body.clone();
    this.bodyTruncated = this.body != null && builder.bodyTruncated;
    this.replayOf = builder.replayOf;
  }

  /**
   * Gives the new row its id (and its children theirs) from the sequence's blocks, before it is
   * persisted: {@code identify(ids::next)} with {@link
   * com.partner.comptappart.platform.control.IdBlocks}.
   */
  @Override
  public void identify(ToLongFunction<String> ids) {
    this.id = ids.applyAsLong(SEQUENCE);
  }

  public static Builder received(Instant receivedAt) {
    return new Builder(receivedAt);
  }

  /**
   * The text with control characters (NUL, which PostgreSQL refuses, line breaks that would forge
   * log lines) and unpaired surrogate halves replaced by {@code ?}, cut to the column's length.
   */
  public static String storable(String value, int length) {
    if (value == null) {
      return null;
    }
    StringBuilder text = new StringBuilder(Math.min(value.length(), length));
    for (int i = 0; i < value.length() && text.length() < length; i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        if (text.length() + 2 > length) {
          break;
        }
        text.append(c).append(value.charAt(++i));
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        text.append('?');
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  public Long id() {
    return id;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public String eventId() {
    return eventId;
  }

  public String eventType() {
    return eventType;
  }

  public Outcome outcome() {
    return outcome;
  }

  public int statusCode() {
    return statusCode;
  }

  public String errorCode() {
    return errorCode;
  }

  public long durationMillis() {
    return durationMillis;
  }

  public String userAgent() {
    return userAgent;
  }

  public String clientAddress() {
    return clientAddress;
  }

  public Integer signatureSecret() {
    return signatureSecret;
  }

  /** {@code https} or {@code http}, as the client used it (through a trusted proxy). */
  public String scheme() {
    return scheme;
  }

  /**
   * Whether it came through one of {@code comptappart.trusted-proxies}; null when recorded before
   * this was kept.
   */
  public Boolean throughProxy() {
    return throughProxy;
  }

  /** The bytes received (at most the body limit plus one); null when not kept. */
  public byte[] body() {
    return body == null ? null : body.clone();
  }

  public boolean isBodyTruncated() {
    return bodyTruncated;
  }

  public Long replayOf() {
    return replayOf;
  }

  /** Only a body kept whole can be processed again. */
  public boolean isReplayable() {
    return body != null && !bodyTruncated;
  }

  @Override
  public String toString() {
    return "Delivery[" + id + ", " + outcome + " " + statusCode + ", event " + eventId + "]";
  }

  /** Collects what is known of a delivery as the request is handled. */
  public static final class Builder {
    private final Instant receivedAt;
    private Outcome outcome;
    private int statusCode;
    private String eventId;
    private String eventType;
    private String errorCode;
    private long durationMillis;
    private String userAgent;
    private String clientAddress;
    private String scheme;
    private Boolean throughProxy;
    private Integer signatureSecret;
    private byte[] body;
    private boolean bodyTruncated;
    private Long replayOf;

    private Builder(Instant receivedAt) {
      this.receivedAt = receivedAt;
    }

    public Builder answered(Outcome outcome, int statusCode, String errorCode) {
      this.outcome = outcome;
      this.statusCode = statusCode;
      this.errorCode = errorCode;
      return this;
    }

    public Builder event(String eventId, String eventType) {
      this.eventId = eventId;
      this.eventType = eventType;
      return this;
    }

    public Builder took(long durationMillis) {
      this.durationMillis = durationMillis;
      return this;
    }

    public Builder from(String clientAddress, String userAgent) {
      this.clientAddress = clientAddress;
      this.userAgent = userAgent;
      return this;
    }

    public Builder over(String scheme, Boolean throughProxy) {
      this.scheme = scheme;
      this.throughProxy = throughProxy;
      return this;
    }

    public Builder signedWith(Integer signatureSecret) {
      this.signatureSecret = signatureSecret;
      return this;
    }

    public Builder body(byte[] body, boolean truncated) {
      this.body = body;
      this.bodyTruncated = truncated;
      return this;
    }

    public Builder replayOf(Long deliveryId) {
      this.replayOf = deliveryId;
      return this;
    }

    public Delivery build() {
      return new Delivery(this);
    }
  }
}
