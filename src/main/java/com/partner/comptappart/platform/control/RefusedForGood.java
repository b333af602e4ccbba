package com.partner.comptappart.platform.control;

import java.util.regex.Pattern;

/**
 * Partner code's final refusal of an order, thrown by an observer of {@code OrderStored} inside the
 * order's transaction: nothing is stored, the sender gets a 422 {@code refused_by_partner} naming
 * the partner's reason code, which it never retries, and the delivery is kept in the log as {@code
 * PARKED}, its body replayable by ops once the cause is fixed.
 */
public class RefusedForGood extends RejectedRequest {

  private static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,40}");

  private final String code;

  /**
   * @param code the partner's reason, {@code [a-z0-9_]{1,40}} (e.g. {@code unknown_property}): sent
   *     to the sender and logged, so never personal data
   */
  public RefusedForGood(String code) {
    super(Rejection.REFUSED_BY_PARTNER, "Refused by the partner: " + checked(code) + ".");
    this.code = code;
  }

  public String code() {
    return code;
  }

  private static String checked(String code) {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("a reason code is [a-z0-9_]{1,40}: " + code);
    }
    return code;
  }
}
