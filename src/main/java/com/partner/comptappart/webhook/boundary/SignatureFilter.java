package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.platform.boundary.ErrorResponse;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import com.partner.comptappart.webhook.control.DeliverySignatures;
import com.partner.comptappart.webhook.control.NotificationReader.BoundedBody;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Refuses with 401 a delivery whose signature does not verify, when signing secrets are configured.
 * Runs right after the API-key check and before anything else looks at the request (its media type
 * included): a body that is not authenticated is refused as such, and never kept. The signature
 * covers the exact bytes posted, so the (bounded) body is read here, before any JSON parsing, and
 * handed on unchanged to the resource.
 */
@Provider
@SignatureRequired
@Priority(Priorities.AUTHENTICATION + 10)
public class SignatureFilter implements ContainerRequestFilter {

  @Inject DeliverySignatures signatures;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!signatures.isEnabled()) {
      return;
    }
    CurrentDelivery delivery = CurrentDelivery.of(request);
    try {
      BoundedBody body = delivery.body(request.getEntityStream());
      if (body.truncated()) {
        // Not read whole, so not verifiable: refused for its size, and not kept.
        throw new RejectedRequest(
            Rejection.PAYLOAD_TOO_LARGE, "The body exceeds the size limit; it was not verified.");
      }
      List<String> headers = request.getHeaders().get(DeliverySignatures.HEADER);
      if (headers != null && headers.size() > 1) {
        throw new RejectedRequest(
            Rejection.SIGNATURE_MALFORMED,
            "Exactly one " + DeliverySignatures.HEADER + " header is accepted.");
      }
      int secret = signatures.verify(headers == null ? null : headers.get(0), body.bytes());
      delivery.verifiedBy(secret);
      request.setEntityStream(new ByteArrayInputStream(body.bytes()));
    } catch (RejectedRequest refused) {
      delivery.bodyNotAuthenticated();
      request.abortWith(
          ErrorResponse.of(refused.rejection(), refused.getMessage(), refused.violations()));
    }
  }
}
