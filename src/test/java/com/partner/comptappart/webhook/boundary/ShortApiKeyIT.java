package com.partner.comptappart.webhook.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.WebhookClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A key shorter than the contract's 32 characters is a configuration mistake: the deployment fails
 * and says so, rather than run with a weak secret. The key comes in through the environment
 * variable ops use, on a server started by the test.
 */
class ShortApiKeyIT {

  static final String SHORT_KEY = "only-twenty-chars-ok";

  @Test
  void keyUnder32CharactersFailsTheDeploymentWithAMessageThatSaysSo() throws Exception {
    String goodKey = "k".repeat(32);
    try (MicroProcess server =
        MicroProcess.start(Map.of("COMPTAPPART_API_KEYS", goodKey + "," + SHORT_KEY))) {

      String log = server.output();
      assertTrue(
          log.contains(
              "comptappart.api-keys: key #2 has 20 characters; the contract requires at least 32"),
          log);
      assertFalse(log.contains(SHORT_KEY), "the key itself must never be logged");
      assertFalse(log.contains(goodKey), "the key itself must never be logged");
      var response =
          new WebhookClient(server.base(), goodKey).post(Notifications.fresh().toString());
      assertEquals(404, response.statusCode(), "the application must not be serving");
    }
  }

  /**
   * Everywhere but a local run {@code comptappart.require-api-key} is true (its default; the tests'
   * configuration turns it off): a server where no key reaches the receiver, an alias or a variable
   * missing, refuses to deploy rather than open the endpoint to anyone.
   */
  @Test
  void noKeyAtAllWhereOneIsRequiredFailsTheDeploymentRatherThanRunOpen() throws Exception {
    try (MicroProcess server =
        MicroProcess.start(
            Map.of(),
            List.of("-Dcomptappart.require-api-key=true"),
            List.of(IntegrationEnvironment.microOptions()))) {
      assertTrue(
          server
              .output()
              .contains(
                  "comptappart.require-api-key is true but no key is configured in"
                      + " comptappart.api-keys"),
          server.output());
      var response = new WebhookClient(server.base(), null).post(Notifications.fresh().toString());
      assertEquals(404, response.statusCode(), "the application must not be serving");
    }
  }
}
