package com.partner.comptappart.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;

/** The buyer of an order. Personal data: never written to logs. */
@Embeddable
public class Customer {

  @Column(name = "first_name")
  private String firstName;

  @Column(name = "last_name")
  private String lastName;

  @Column(name = "email", nullable = false)
  private String email;

  @Column(name = "phone")
  private String phone;

  /**
   * What an erased buyer's names, e-mail and phone read ({@code
   * CustomerOrder.ERASE_PERSONAL_DATA}).
   */
  public static final String ERASED = "[erased]";

  protected Customer() {}

  public Customer(String firstName, String lastName, String email, String phone) {
    this.firstName = firstName;
    this.lastName = lastName;
    this.email = Objects.requireNonNull(email, "email");
    this.phone = phone;
  }

  public String firstName() {
    return firstName;
  }

  public String lastName() {
    return lastName;
  }

  public String email() {
    return email;
  }

  public String phone() {
    return phone;
  }

  @Override
  public String toString() {
    return "Customer[personal data withheld]";
  }
}
