package com.partner.comptappart.platform.control;

import java.util.List;

/** Thrown where a request is found wrong; mapped to its {@link Rejection}'s status code. */
public class RejectedRequest extends RuntimeException {

  private final Rejection rejection;
  private final List<Violation> violations;

  public RejectedRequest(Rejection rejection, String message) {
    this(rejection, message, List.of());
  }

  public RejectedRequest(Rejection rejection, String message, List<Violation> violations) {
    super(message, null, false, false);
    this.rejection = rejection;
    this.violations = List.copyOf(violations);
  }

  public Rejection rejection() {
    return rejection;
  }

  public List<Violation> violations() {
    return violations;
  }
}
