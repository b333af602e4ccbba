package com.partner.comptappart.webhook.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With no API key configured the webhook is open (the key is optional in the contract). */
@ExtendWith(ArquillianExtension.class)
class OpenWebhookIT {

  @Deployment(testable = false)
  static WebArchive receiverWithoutKeys() {
    return ReceiverDeployment.withConfig();
  }

  @ArquillianResource URL base;

  @Test
  void requestWithoutApiKeyIsStored() {
    JsonObject body = Notifications.fresh();

    var response = new WebhookClient(base, null).post(body.toString());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(1, StoredOrders.countByEventId(eventId(body)));
  }

  @Test
  void anyPresentedKeyIsIgnoredWhenNoneIsConfigured() {
    JsonObject body = Notifications.fresh();

    var response = new WebhookClient(base, "whatever-the-sender-sends").post(body.toString());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(1, StoredOrders.countByEventId(eventId(body)));
  }
}
