package com.partner.comptappart.platform.boundary;

import com.partner.comptappart.platform.control.Rejection;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Refuses with 403 a state-changing ops call that a page of another site could have made with the
 * ops user's cached credentials. Such a call must carry {@value #HEADER} (a page cannot add a
 * custom header to a cross-site request without a CORS preflight, which this server never
 * approves), and its {@code Origin} and {@code Sec-Fetch-Site}, when a browser sends them, must
 * name this very host.
 */
@Provider
@SameOriginRequired
@Priority(Priorities.AUTHORIZATION)
public class SameOriginFilter implements ContainerRequestFilter {

  static final String HEADER = "X-Requested-By";

  @Override
  public void filter(ContainerRequestContext request) {
    String reason = crossSiteReason(request);
    if (reason != null) {
      request.abortWith(ErrorResponse.of(Rejection.CROSS_SITE_REQUEST, reason, List.of()));
    }
  }

  static String crossSiteReason(ContainerRequestContext request) {
    String requestedBy = request.getHeaderString(HEADER);
    if (requestedBy == null || requestedBy.isBlank()) {
      return "State-changing ops calls need the " + HEADER + " header.";
    }
    String fetchSite = request.getHeaderString("Sec-Fetch-Site");
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      return "Cross-site requests are refused.";
    }
    String origin = request.getHeaderString("Origin");
    if (origin != null && !sameHost(origin, request.getHeaderString(HttpHeaders.HOST))) {
      return "Requests from another origin are refused.";
    }
    return null;
  }

  /** The origin's host (and port) is the one the request was sent to. */
  static boolean sameHost(String origin, String host) {
    try {
      URI uri = URI.create(origin.strip());
      if (host == null || uri.getHost() == null) {
        return false;
      }
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      String expected = host.strip().toLowerCase(Locale.ROOT);
      String actual = authority.toLowerCase(Locale.ROOT);
      // The proxy may forward the Host without the default port the browser left out.
      return actual.equals(expected) || actual.equals(stripDefaultPort(expected));
    } catch (IllegalArgumentException unreadable) {
      return false;
    }
  }

  private static String stripDefaultPort(String host) {
    return host.endsWith(":443") || host.endsWith(":80")
        ? host.substring(0, host.lastIndexOf(':'))
        : host;
  }
}
