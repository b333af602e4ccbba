package com.partner.comptappart.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;

/** A field the buyer filled in at checkout, such as the fiscal year being declared. */
@Embeddable
public class CustomField {

  @Column(name = "field_key", nullable = false)
  private String key;

  @Column(name = "label", length = 1000)
  private String label;

  @Column(name = "field_value", nullable = false, length = 4000)
  private String value;

  protected CustomField() {}

  public CustomField(String key, String label, String value) {
    this.key = Objects.requireNonNull(key, "key");
    this.label = label;
    this.value = Objects.requireNonNull(value, "value");
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  public String value() {
    return value;
  }
}
