package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.deliveries.control.DeliveryRecorder;
import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.platform.boundary.ErrorResponse;
import com.partner.comptappart.platform.control.Rejection;
import com.partner.comptappart.webhook.control.NotificationReader;
import com.partner.comptappart.webhook.control.TrustedProxies;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.time.Instant;

/**
 * Writes every request to the delivery log once its answer is known, whatever it is: stored,
 * refused, failed. Runs first, to time the whole request, but reads nothing: the body is read after
 * authentication, and kept only when it was authenticated. An order's delivery is recorded in the
 * order's own transaction; every other answer is recorded here. Requests that fail authentication
 * are counted, not stored (anyone can send them).
 */
@Provider
@DeliveryLogged
@Priority(Priorities.AUTHENTICATION - 100)
public class DeliveryLogFilter implements ContainerRequestFilter, ContainerResponseFilter {

  @Inject DeliveryRecorder recorder;
  @Inject NotificationReader reader;
  @Inject TrustedProxies proxies;
  @Context HttpServletRequest http;

  @Override
  public void filter(ContainerRequestContext request) {
    String peer = http.getRemoteAddr();
    // Timed from the first byte BodyReceiver waited for, when it received the body.
    BodyReceiver.Received received = BodyReceiver.of(http);
    CurrentDelivery delivery = CurrentDelivery.start(request, reader);
    delivery.receivedBody(received);
    delivery.received(
        received == null ? Instant.now() : received.at(),
        received == null ? System.nanoTime() : received.nanos(),
        proxies.clientAddress(peer, request.getHeaderString("X-Forwarded-For")),
        request.getHeaderString(HttpHeaders.USER_AGENT),
        proxies.scheme(peer, http.getScheme(), request.getHeaderString("X-Forwarded-Proto")),
        proxies.trusts(peer));
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    CurrentDelivery delivery = CurrentDelivery.of(request);
    if (delivery == null) {
      return;
    }
    Object entity = response.getEntity();
    if (entity instanceof Receipt receipt && receipt.recorded()) {
      recorder.storedWithTheOrder(
          delivery.eventId(),
          delivery.eventType(),
          receipt.outcome(),
          response.getStatus(),
          delivery.millisSoFar());
      return;
    }
    int status = response.getStatus();
    String errorCode = entity instanceof ErrorResponse error ? error.error() : null;
    delivery.identifyFromBody();
    recorder.record(
        delivery.record(outcomeOf(status, entity, delivery.bodyAuthenticated()), status, errorCode),
        "database_unavailable".equals(errorCode));
  }

  /**
   * @param authenticated false when signing is on and the body's signature was not verified (it
   *     could not be, for a body that did not arrive whole or was over the limit): anyone holding a
   *     key could send it, so it is counted like a 401, not stored
   */
  static Outcome outcomeOf(int status, Object entity, boolean authenticated) {
    if (entity instanceof Receipt receipt) {
      return receipt.outcome();
    }
    if (status == 401 || !authenticated) {
      return Outcome.UNAUTHORIZED;
    }
    if (entity instanceof ErrorResponse error
        && Rejection.REFUSED_BY_PARTNER.code().equals(error.error())) {
      return Outcome.PARKED; // for ops to replay once the partner's cause is fixed
    }
    return status >= 500 ? Outcome.FAILED : Outcome.REJECTED;
  }
}
