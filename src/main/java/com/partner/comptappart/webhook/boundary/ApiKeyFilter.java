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

/**
 * Refuses with 401 a request whose X-API-KEY is missing or not one of the configured keys, before
 * any byte of its body is read. Refusals are not logged one by one (anyone can send them): {@code
 * UnauthenticatedRequests} counts them and logs a summary per interval.
 */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

  static final String HEADER = "X-API-KEY";

  @Inject ApiKeys apiKeys;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!apiKeys.isEnabled()) {
      return;
    }
    List<String> presented = request.getHeaders().get(HEADER);
    if (presented == null || presented.isEmpty() || presented.get(0).isEmpty()) {
      refuse(request, Rejection.MISSING_API_KEY, "The X-API-KEY header is required.");
    } else if (presented.size() > 1 || !apiKeys.accepts(presented.get(0))) {
      refuse(request, Rejection.INVALID_API_KEY, "The X-API-KEY header does not match.");
    }
  }

  private static void refuse(ContainerRequestContext request, Rejection rejection, String message) {
    request.abortWith(ErrorResponse.of(rejection, message, List.of()));
  }
}
