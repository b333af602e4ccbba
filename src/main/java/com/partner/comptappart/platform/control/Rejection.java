package com.partner.comptappart.platform.control;

/**
 * Every way a request can be wrong in a way that will stay wrong, and the status code each one is
 * answered with. Under both contract revisions a 4xx is final for the sender (the order is then
 * lost for us), so only a request that can never succeed belongs here: failures on our side are
 * 5xx.
 */
public enum Rejection {
  MISSING_API_KEY(401, "missing_api_key"),
  INVALID_API_KEY(401, "invalid_api_key"),
  SIGNATURE_MISSING(401, "signature_missing"),
  SIGNATURE_MALFORMED(401, "signature_malformed"),
  SIGNATURE_MISMATCH(401, "signature_mismatch"),
  SIGNATURE_EXPIRED(401, "signature_expired"),
  EMPTY_BODY(400, "empty_body"),
  INVALID_ENCODING(400, "invalid_encoding"),
  MALFORMED_JSON(400, "malformed_json"),
  NOT_AN_OBJECT(400, "not_an_object"),
  INVALID_NOTIFICATION(400, "invalid_notification"),
  INCOMPLETE_BODY(400, "incomplete_body"),
  BODY_TIMEOUT(408, "body_timeout"),
  PAYLOAD_TOO_LARGE(413, "payload_too_large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
  // Partner code's final refusal of an order (RefusedForGood): parked in the delivery log.
  REFUSED_BY_PARTNER(422, "refused_by_partner"),
  // Ops calls.
  DELIVERY_NOT_FOUND(404, "delivery_not_found"),
  HANDLER_RUN_NOT_FOUND(404, "handler_run_not_found"),
  ORDER_LOOKUP_WITHOUT_KEY(400, "order_lookup_without_key"),
  NOT_REPLAYABLE(409, "not_replayable"),
  INVOICE_NOT_FOUND(404, "invoice_not_found"),
  PERSONAL_DATA_WITHOUT_EMAIL(400, "personal_data_without_email"),
  INVOICE_NOT_ARCHIVED(404, "invoice_not_archived"),
  INVOICE_NOT_SERVABLE(404, "invoice_not_servable"),
  CROSS_SITE_REQUEST(403, "cross_site_request");

  private final int status;
  private final String code;

  Rejection(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
