package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code server-config/production} applied to a real Payara Micro, with the environment variables
 * ops set: it never runs without an API key, and its orders are real (not test) orders.
 */
class ProductionConfigIT {

  static final String KEY = "production-key-0123456789abcdefghijkl";

  static Map<String, String> productionEnvironment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("COMPTAPPART_DB_HOST", "127.0.0.1");
    environment.put(
        "COMPTAPPART_DB_PORT", String.valueOf(com.partner.comptappart.it.TestDatabase.PORT));
    environment.put("COMPTAPPART_DB_NAME", com.partner.comptappart.it.TestDatabase.NAME);
    environment.put("COMPTAPPART_DB_USER", com.partner.comptappart.it.TestDatabase.USER);
    environment.put("COMPTAPPART_TRUSTED_PROXIES", "127.0.0.3");
    environment.put("COMPTAPPART_PERSONAL_DATA_HASH_SALT", "it-salt-of-this-environment-2c9f");
    environment.put(
        "COMPTAPPART_SPOOL_DIR",
        com.partner.comptappart.it.ReceiverDeployment.freshSpool().toString());
    return environment;
  }

  /** Payara Micro's options as server-config/README.md gives them for this environment. */
  static List<String> serverConfig(String environment) {
    List<String> options = new java.util.ArrayList<>();
    options.add("--prebootcommandfile");
    options.add(
        Path.of("server-config/micro/pre-boot-commands.asadmin").toAbsolutePath().toString());
    options.addAll(
        List.of(
            IntegrationEnvironment.microOptions(
                Path.of("server-config", environment, "commands.asadmin"))));
    return options;
  }

  /**
   * Production with neither its key alias nor the signing-secret alias it was told to use: Payara
   * reads a missing alias as no value, which for the signing secrets would silently turn signature
   * checks off. Both are refused, each by name, and so is the tests-only permission to fetch
   * invoices from private addresses.
   */
  @Test
  void productionRefusesToDeployWithoutItsKeyOrSigningSecretAliasAndSaysWhy() throws Exception {
    Path commands = Files.createTempFile("it-production-signing", ".asadmin");
    Files.writeString(
        commands,
        Files.readString(Path.of("server-config", "production", "commands.asadmin"))
            + "\nset-config-property --source=domain --propertyName=comptappart.signing-secrets"
            + " --propertyValue=${ALIAS=comptappart-signing-secrets}\n");
    Map<String, String> environment = productionEnvironment();
    environment.put("COMPTAPPART_INVOICE_ALLOW_PRIVATE_ADDRESSES", "true");
    environment.remove("COMPTAPPART_PERSONAL_DATA_HASH_SALT");
    try (MicroProcess server =
        MicroProcess.start(
            environment, List.of(), List.of(IntegrationEnvironment.microOptions(commands)))) {
      assertRefused(server, "comptappart.api-keys refers to ${ALIAS=comptappart-api-keys}");
      assertRefused(
          server, "comptappart.signing-secrets refers to ${ALIAS=comptappart-signing-secrets}");
      assertRefused(
          server,
          "comptappart.personal-data.hash-salt refers to"
              + " ${ALIAS=comptappart-personal-data-hash-salt}");
      assertTrue(
          server
              .output()
              .contains(
                  "comptappart.invoice.allow-private-addresses=true is for tests only and is"
                      + " refused in production"),
          server.output());
    } finally {
      Files.delete(commands);
    }
  }

  /** The deployment failed with this reason, and nothing answers at the webhook's path. */
  static void assertRefused(MicroProcess server, String reason) {
    assertTrue(
        server.output().contains(reason + ", which the server cannot resolve"), server.output());
    assertEquals(
        404,
        new WebhookClient(server.base(), KEY).post(Notifications.fresh().toString()).statusCode());
  }

  /**
   * Production's orders are real, and its retention deletes none: not even one marked a test order
   * (as those of a database that served staging before it served production are), while it does
   * remove what production's retention removes, raw bodies. Retention shortened to seconds.
   */
  @Test
  void productionWithAKeyStoresRealOrdersAndItsRetentionDeletesNoOrder() throws Exception {
    Map<String, String> environment = productionEnvironment();
    environment.put("COMPTAPPART_API_KEYS", KEY);
    environment.put("COMPTAPPART_RETENTION_TEST_ORDERS", "PT1S");
    environment.put("COMPTAPPART_RETENTION_ORDER_RAW_BODY", "PT4S");
    environment.put("COMPTAPPART_RETENTION_RUN_INTERVAL", "PT1S");
    try (MicroProcess server =
        MicroProcess.start(environment, List.of(), serverConfig("production"))) {
      JsonObject order = Notifications.fresh();

      assertEquals(401, new WebhookClient(server.base(), null).post(order.toString()).statusCode());
      var stored200 = new WebhookClient(server.base(), KEY).post(order.toString());
      assertEquals(200, stored200.statusCode());
      // The shipped configuration names no product (second security review, finding 6).
      assertEquals(java.util.Optional.empty(), stored200.headers().firstValue("Server"));

      Map<String, Object> stored = StoredOrders.order(eventId(order));
      assertEquals("production", stored.get("environment"));
      assertEquals(false, stored.get("test_order"));

      JsonObject fromStaging = Notifications.fresh();
      assertEquals(
          200, new WebhookClient(server.base(), KEY).post(fromStaging.toString()).statusCode());
      try (var connection = com.partner.comptappart.it.TestDatabase.connect();
          var update =
              connection.prepareStatement(
                  "UPDATE customer_order SET test_order = TRUE WHERE event_id = ?")) {
        update.setString(1, eventId(fromStaging));
        assertEquals(1, update.executeUpdate());
      }
      // A retention run past both orders' raw-body limit (4 s) is past the test orders' (1 s) too:
      // the order marked a test order is either gone by then or kept for good.
      String rawBodyRemoved =
          "SELECT count(*) FROM customer_order WHERE raw_body IS NULL AND event_id = ?";
      assertTrue(
          com.partner.comptappart.it.Poll.until(
              java.time.Duration.ofSeconds(40),
              () ->
                  StoredOrders.count(rawBodyRemoved, eventId(order)) == 1
                      && (StoredOrders.count(rawBodyRemoved, eventId(fromStaging)) == 1
                          || StoredOrders.countByEventId(eventId(fromStaging)) == 0)),
          "the raw bodies removed by production's retention");
      assertEquals(1, StoredOrders.countByEventId(eventId(order)));
      assertEquals(1, StoredOrders.countByEventId(eventId(fromStaging)), "no order deleted");
      assertEquals(
          0.0,
          com.partner.comptappart.it.Metrics.of(server.base())
              .value("comptappart_retention_removed_total", "kind=\"test_orders\""));
    }
  }
}
