package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.WebhookClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server starts (on Payara Micro every start is a deployment) while its database is away, as
 * after a power cut where the application server comes up first. The receiver must deploy all the
 * same, answer 503 (the sender retries) rather than 404, and store orders as soon as the database
 * is back, without anyone redeploying it.
 */
class DatabaseAwayAtStartIT {

  final DatabaseLink database = IntegrationEnvironment.databaseLink();

  @AfterEach
  void restoreDatabase() {
    database.switchTo(DatabaseLink.Mode.FORWARD);
  }

  @Test
  void theReceiverDeploysWithoutItsDatabaseAndStoresOrdersOnceItIsBack() throws Exception {
    Map<String, String> environment = ProductionConfigIT.productionEnvironment();
    environment.put("COMPTAPPART_DB_PORT", String.valueOf(database.port()));
    environment.put("COMPTAPPART_API_KEYS", ProductionConfigIT.KEY);
    database.switchTo(DatabaseLink.Mode.REFUSE);

    try (MicroProcess server =
        MicroProcess.start(environment, List.of(), ProductionConfigIT.serverConfig("production"))) {
      WebhookClient sender = new WebhookClient(server.base(), ProductionConfigIT.KEY);
      JsonObject order = Notifications.fresh();

      HttpResponse<String> whileAway = sender.post(order.toString());
      assertEquals(503, whileAway.statusCode(), whileAway.body() + "\n" + server.output());
      assertEquals("database_unavailable", json(whileAway).getString("error"));
      assertEquals(503, Readiness.of(server.base()).statusCode());

      database.switchTo(DatabaseLink.Mode.FORWARD);
      HttpResponse<String> onceBack = sender.post(order.toString());

      assertEquals(200, onceBack.statusCode(), onceBack.body());
      assertEquals("created", json(onceBack).getString("status"));
      assertEquals(1, StoredOrders.countByEventId(eventId(order)));
      assertEquals(200, Readiness.of(server.base()).statusCode());
    }
  }
}
