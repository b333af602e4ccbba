package com.partner.comptappart.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The code never serves a schema it does not match: a migration that fails at deployment fails the
 * deployment, and leaves the schema as it was.
 */
class SchemaMigrationIT {

  @Test
  void aFailingMigrationFailsTheDeploymentAndChangesNothing() throws Exception {
    Path war = ReceiverDeployment.warWithFailingMigration();

    try (MicroProcess server =
        MicroProcess.start(
            Map.of(), List.of(), List.of(IntegrationEnvironment.microOptions()), war)) {

      String log = server.output();
      // What ops read in the server log: which migration failed, on what, and that the
      // deployment stopped because of it.
      assertTrue(
          log.contains("Migration of schema \"public\" to version \"99 - broken\" failed!"), log);
      assertTrue(log.contains("ERROR: relation \"no_such_table\" does not exist"), log);
      assertTrue(
          log.contains(
              "Exception while loading the app : CDI deployment failure:Failed to execute"
                  + " script V99__broken.sql"),
          log);
      assertEquals(
          404,
          new WebhookClient(server.base(), null)
              .post(Notifications.fresh().toString())
              .statusCode(),
          "the application must not be serving");
    }
    assertEquals(
        0,
        StoredOrders.count(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'broken_migration_probe'"),
        "the failed migration was rolled back whole");
    assertEquals(
        0, StoredOrders.count("SELECT count(*) FROM flyway_schema_history WHERE version = '99'"));
  }
}
