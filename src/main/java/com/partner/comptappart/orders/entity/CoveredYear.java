package com.partner.comptappart.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;

/**
 * A fiscal year of one property that the payment covers: what the partner activates (revision 2.2).
 * A property the buyer created on the payment page carries the sender's id, starting with {@code
 * qlw_}: the partner does not know it yet and must create it.
 */
@Embeddable
public class CoveredYear {

  static final String SENDER_ASSIGNED_PREFIX = "qlw_";

  @Column(name = "fiscal_year", nullable = false)
  private int fiscalYear;

  @Column(name = "property_external_id", nullable = false)
  private String propertyExternalId;

  @Column(name = "property_name", length = 1000)
  private String propertyName;

  @Column(name = "new_property", nullable = false)
  private boolean newProperty;

  protected CoveredYear() {}

  public CoveredYear(int fiscalYear, String propertyExternalId, String propertyName) {
    this.fiscalYear = fiscalYear;
    this.propertyExternalId = Objects.requireNonNull(propertyExternalId, "propertyExternalId");
    this.propertyName = propertyName;
    this.newProperty = propertyExternalId.startsWith(SENDER_ASSIGNED_PREFIX);
  }

  public int fiscalYear() {
    return fiscalYear;
  }

  public String propertyExternalId() {
    return propertyExternalId;
  }

  public String propertyName() {
    return propertyName;
  }

  /** True when the partner must create the property (the sender assigned its id). */
  public boolean isNewProperty() {
    return newProperty;
  }
}
