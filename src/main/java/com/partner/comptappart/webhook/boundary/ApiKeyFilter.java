package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.platform.boundary.ErrorResponse;
import com.partner.comptappart.platform.control.Rejection;
import com.partner.comptappart.webhook.control.ApiKeys;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Logger;

/** Refuses with 401 a request whose X-API-KEY is missing or not one of the configured keys. */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

  static final String HEADER = "X-API-KEY";
  private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class.getName());

  @Inject ApiKeys apiKeys;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!apiKeys.isEnabled()) {
      return;
    }
    String presented = request.getHeaderString(HEADER);
    if (presented == null || presented.isEmpty()) {
      refuse(request, Rejection.MISSING_API_KEY, "The X-API-KEY header is required.");
    } else if (!apiKeys.accepts(presented)) {
      refuse(request, Rejection.INVALID_API_KEY, "The X-API-KEY header does not match.");
    }
  }

  private static void refuse(ContainerRequestContext request, Rejection rejection, String message) {
    LOG.warning(() -> "Refused " + request.getUriInfo().getPath() + ": " + rejection.code());
    request.abortWith(ErrorResponse.of(rejection, message, List.of()));
  }
}
