package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.orders.control.OrderIntake;
import com.partner.comptappart.orders.entity.Notification;
import com.partner.comptappart.webhook.control.NotificationParser;
import com.partner.comptappart.webhook.control.NotificationReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * The endpoint ComptAppart posts each paid order (and, in revision 2.2, a ping) to. The body is
 * taken as bytes, not bound by JAX-RS, so that it is bounded in size, kept verbatim and refused
 * with precise reasons. One instance serves every request (what a request needs lives in its {@link
 * CurrentDelivery}): nothing is built and injected per request.
 */
@ApplicationScoped
@Path("comptappart/orders")
@DeliveryLogged
@ApiKeyRequired
@SignatureRequired
public class OrderWebhookResource {

  @Inject NotificationReader reader;
  @Inject OrderIntake intake;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response receive(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Context HttpServletRequest request,
      InputStream body) {
    CurrentDelivery delivery = CurrentDelivery.of(request);
    byte[] raw = reader.read(contentType, delivery.body(body));
    Notification notification = NotificationParser.parse(raw);
    delivery.identify(notification);
    return Receipt.answer(
        intake.receive(notification, raw, delivery.signatureSecret(), delivery::recordOf));
  }
}
