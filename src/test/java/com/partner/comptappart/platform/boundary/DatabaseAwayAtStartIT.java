package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.WebhookClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
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

  /** A database of this test's own, empty: what happens to it is this test's alone to see. */
  static final String DATABASE = TestDatabase.NAME + "_away_at_start";

  @Test
  void theReceiverDeploysWithoutItsDatabaseStoresOrdersOnceItIsBackAndItsSpoolSurvivesAKill()
      throws Exception {
    TestDatabase.recreate(DATABASE);
    Map<String, String> environment = ProductionConfigIT.productionEnvironment();
    environment.put("COMPTAPPART_DB_PORT", String.valueOf(database.port()));
    environment.put("COMPTAPPART_DB_NAME", DATABASE);
    environment.put("COMPTAPPART_API_KEYS", ProductionConfigIT.KEY);
    database.switchTo(DatabaseLink.Mode.REFUSE);
    JsonObject order = Notifications.fresh();

    // The first server never drains its spool in this test's time: its record must outlive it.
    try (MicroProcess server =
        MicroProcess.start(
            environment,
            List.of("-Dcomptappart.delivery-spool-drain-seconds=3600"),
            ProductionConfigIT.serverConfig("production"))) {
      WebhookClient sender = new WebhookClient(server.base(), ProductionConfigIT.KEY);

      long start = System.nanoTime();
      HttpResponse<String> whileAway = sender.post(order.toString());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(503, whileAway.statusCode(), whileAway.body() + "\n" + server.output());
      assertEquals("database_unavailable", json(whileAway).getString("error"));
      assertTrue(
          took.compareTo(DatabaseOutageIT.SENDER_TIMEOUT) < 0,
          "answered in " + took.toMillis() + " ms");
      assertEquals(503, Readiness.of(server.base()).statusCode());
      assertFalse(hasTable("customer_order"), "nothing migrated while the database was away");

      database.switchTo(DatabaseLink.Mode.FORWARD);
      HttpResponse<String> onceBack = sender.post(order.toString());

      assertEquals(200, onceBack.statusCode(), onceBack.body());
      assertEquals("created", json(onceBack).getString("status"));
      assertEquals(
          1, count("SELECT count(*) FROM customer_order WHERE event_id = ?", eventId(order)));
      assertEquals(200, Readiness.of(server.base()).statusCode());
      assertEquals(1.0, Metrics.of(server.base()).value("comptappart_delivery_spooled"));
      server.kill();
    }

    // Started again on the same spool, the next server moves the 503's record into the log.
    try (MicroProcess restarted =
        MicroProcess.start(environment, List.of(), ProductionConfigIT.serverConfig("production"))) {
      assertTrue(
          Poll.until(Duration.ofSeconds(90), () -> deliveries(order, 503) == 1),
          "the spooled 503 never reached the delivery log\n" + restarted.output());
      assertEquals(1, deliveries(order, 200), "the order's own delivery, recorded with it");
      List<Long> serverTimes =
          StoredOrders.unavailableAnswerTimes(DATABASE, new String[] {eventId(order)}, 1);
      assertTrue(
          serverTimes.get(0) < DatabaseOutageIT.PROMPT_ANSWER.toMillis(),
          "the receiver's own time for the 503: " + serverTimes.get(0) + " ms");
    }
  }

  static int deliveries(JsonObject order, int status) {
    return count(
        "SELECT count(*) FROM delivery WHERE event_id = ? AND status_code = " + status,
        eventId(order));
  }

  static boolean hasTable(String table) {
    return StoredOrders.countIn(DATABASE, "SELECT count(to_regclass(?))", table) == 1;
  }

  static int count(String sql, String parameter) {
    return StoredOrders.countIn(DATABASE, sql, parameter);
  }
}
