package com.partner.comptappart.personaldata.entity;

import com.partner.comptappart.platform.control.Identified;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * One erasure request as it was carried out: when, by which ops user, what it changed, and a salted
 * hash of the buyer's e-mail, never the e-mail itself (a later request for the same buyer is
 * answered "already erased").
 */
@Entity
@Table(name = "erasure")
@NamedQuery(
    name = Erasure.WITH_HASH,
    query = "SELECT e FROM Erasure e WHERE e.emailHash = :hash ORDER BY e.erasedAt, e.id")
public class Erasure implements Identified {

  public static final String WITH_HASH = "Erasure.withHash";

  /** Ids come from {@code erasure_seq} in blocks: {@link #identify}. */
  public static final String SEQUENCE = "erasure_seq";

  @Id private Long id;

  @Column(name = "erased_at", nullable = false)
  private Instant erasedAt;

  @Column(name = "erased_by", nullable = false)
  private String erasedBy;

  @Column(name = "email_hash", nullable = false, length = 64)
  private String emailHash;

  @Column(name = "order_id")
  private Long orderId;

  @Column(name = "orders_erased", nullable = false)
  private int ordersErased;

  @Column(name = "delivery_bodies_removed", nullable = false)
  private int deliveryBodiesRemoved;

  protected Erasure() {}

  public Erasure(
      Instant erasedAt,
      String erasedBy,
      String emailHash,
      Long orderId,
      int ordersErased,
      int deliveryBodiesRemoved) {
    this.erasedAt = Objects.requireNonNull(erasedAt, "erasedAt");
    this.erasedBy = Objects.requireNonNull(erasedBy, "erasedBy");
    this.emailHash = Objects.requireNonNull(emailHash, "emailHash");
    this.orderId = orderId;
    this.ordersErased = ordersErased;
    this.deliveryBodiesRemoved = deliveryBodiesRemoved;
  }

  public Long id() {
    return id;
  }

  public Instant erasedAt() {
    return erasedAt;
  }

  public String erasedBy() {
    return erasedBy;
  }

  public Long orderId() {
    return orderId;
  }

  public int ordersErased() {
    return ordersErased;
  }

  public int deliveryBodiesRemoved() {
    return deliveryBodiesRemoved;
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
}
