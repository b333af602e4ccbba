package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.platform.boundary.ErrorResponse;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.webhook.control.DeliverySignatures;
import com.partner.comptappart.webhook.control.NotificationReader;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.util.logging.Logger;

/**
 * Refuses with 401 a delivery whose signature does not verify, when signing secrets are configured.
 * The signature covers the exact bytes posted, so the (bounded) body is read here, before any JSON
 * parsing, and handed on unchanged to the resource.
 */
@Provider
@SignatureRequired
@Priority(Priorities.AUTHENTICATION + 10)
public class SignatureFilter implements ContainerRequestFilter {

  private static final Logger LOG = Logger.getLogger(SignatureFilter.class.getName());

  @Inject DeliverySignatures signatures;
  @Inject NotificationReader reader;
  @Inject CurrentDelivery delivery;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!signatures.isEnabled()) {
      return;
    }
    byte[] body =
        reader.read(
            request.getHeaderString(HttpHeaders.CONTENT_TYPE),
            request.getHeaderString(HttpHeaders.CONTENT_LENGTH),
            request.getEntityStream());
    try {
      int secret = signatures.verify(request.getHeaderString(DeliverySignatures.HEADER), body);
      delivery.verifiedBy(secret);
      request.setEntityStream(new ByteArrayInputStream(body));
    } catch (RejectedRequest refused) {
      LOG.warning(() -> "Refused unsigned or badly signed delivery: " + refused.rejection().code());
      request.abortWith(
          ErrorResponse.of(refused.rejection(), refused.getMessage(), refused.violations()));
    }
  }
}
