package com.partner.comptappart.personaldata.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

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
public class Erasure {

  public static final String WITH_HASH = "Erasure.withHash";

  @Id
  @SequenceGenerator(name = "erasure_seq", sequenceName = "erasure_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "erasure_seq")
  private Long id;

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
}
