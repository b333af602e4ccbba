package com.partner.comptappart.webhook.boundary;

import jakarta.enterprise.context.RequestScoped;

/** What the signature check learnt about the current request, for the resource to pass on. */
@RequestScoped
public class VerifiedDelivery {

  private Integer signatureSecret;

  void verifiedBy(int secretPosition) {
    this.signatureSecret = secretPosition;
  }

  /** Position (1 = first) of the signing secret that verified the body; null when unsigned. */
  public Integer signatureSecret() {
    return signatureSecret;
  }
}
