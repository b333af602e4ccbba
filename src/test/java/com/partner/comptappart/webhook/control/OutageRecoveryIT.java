package com.partner.comptappart.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The database away longer than the sender retries: two receivers on one database, each order sent
 * once and never again (a sender past its last attempt), every one answered 503. Once the database
 * is back, every order is stored, once, without anyone acting, and each is recovered by one
 * receiver only.
 */
class OutageRecoveryIT {

  static final String DATABASE = "comptappart_it_recovery";
  static final int ORDERS = 20;
  static final Duration WITHIN = Duration.ofSeconds(60);

  @Test
  void ordersTheSenderGaveUpOnAreStoredOnceWhenTheDatabaseIsBack() throws Exception {
    TestDatabase.recreate(DATABASE);
    DatabaseLink link = IntegrationEnvironment.databaseLink();
    try (MicroProcess first = receiver();
        MicroProcess second = receiver()) {
      List<WebhookClient> senders =
          List.of(
              new WebhookClient(first.base(), ReceiverDeployment.API_KEY),
              new WebhookClient(second.base(), ReceiverDeployment.API_KEY));
      // Both up and migrated.
      for (WebhookClient sender : senders) {
        assertEquals(200, sender.post(Notifications.fresh().toString()).statusCode());
      }

      List<JsonObject> orders = new ArrayList<>();
      link.switchTo(DatabaseLink.Mode.REFUSE);
      try {
        for (int i = 0; i < ORDERS; i++) {
          JsonObject order = Notifications.fresh();
          orders.add(order);
          var answer = senders.get(i % 2).post(order.toString());
          assertEquals(503, answer.statusCode(), answer.body());
        }
      } finally {
        link.switchTo(DatabaseLink.Mode.FORWARD);
      }
      long back = System.nanoTime();

      assertTrue(
          Poll.until(WITHIN, () -> stored(orders) == ORDERS),
          () ->
              stored(orders)
                  + " of "
                  + ORDERS
                  + " orders stored within "
                  + WITHIN
                  + "\n"
                  + recoveryLines(first)
                  + recoveryLines(second));
      long seconds = Duration.ofNanos(System.nanoTime() - back).toSeconds();
      for (JsonObject order : orders) {
        assertEquals(
            1, count("SELECT count(*) FROM customer_order WHERE event_id = ?", eventId(order)));
      }
      // Each 503'd delivery processed again once in the cluster, recorded as the system's replay.
      assertEquals(
          ORDERS,
          count(
              "SELECT count(DISTINCT r.replay_of) FROM delivery r JOIN delivery d"
                  + " ON d.id = r.replay_of WHERE r.user_agent = 'ops:outage-recovery'"
                  + " AND d.error_code = 'database_unavailable' AND r.outcome = 'CREATED'"));
      assertEquals(
          ORDERS, count("SELECT count(*) FROM delivery WHERE user_agent = 'ops:outage-recovery'"));
      double byFirst = recovered(first);
      double bySecond = recovered(second);
      assertEquals(ORDERS, byFirst + bySecond);
      System.out.printf(
          "PROOF outage longer than the sender waits: %d orders answered 503 by two receivers,"
              + " all stored once %d s after the database returned (recovered by each: %.0f,"
              + " %.0f)%n",
          ORDERS, seconds, byFirst, bySecond);
    }
  }

  static MicroProcess receiver() throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("COMPTAPPART_API_KEYS", ReceiverDeployment.API_KEY);
    environment.put("COMPTAPPART_DELIVERY_SPOOL_DIR", ReceiverDeployment.freshSpool().toString());
    environment.put("COMPTAPPART_DELIVERY_SPOOL_DRAIN_SECONDS", "2");
    environment.put("COMPTAPPART_OUTAGE_RECOVERY_INTERVAL", "PT2S");
    environment.put("COMPTAPPART_INVOICE_ALLOWED_HOSTS", "localhost");
    return MicroProcess.start(
        environment,
        List.of("-Dit.db.name=" + DATABASE),
        List.of(IntegrationEnvironment.microOptions()));
  }

  static String recoveryLines(MicroProcess server) {
    // The recovery's own lines, each with the few lines that follow it (a failure's cause).
    List<String> lines = server.output().lines().toList();
    StringBuilder found = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("OutageRecovery")) {
        lines.subList(i, Math.min(lines.size(), i + 6)).forEach(l -> found.append(l).append('\n'));
      }
    }
    return found.toString();
  }

  static double recovered(MicroProcess server) {
    return Metrics.of(server.base())
        .value("comptappart_deliveries_recovered_total", "outcome=\"created\"");
  }

  static int stored(List<JsonObject> orders) {
    int stored = 0;
    for (JsonObject order : orders) {
      stored += count("SELECT count(*) FROM customer_order WHERE event_id = ?", eventId(order));
    }
    return stored;
  }

  static String eventId(JsonObject order) {
    return Notifications.eventId(order);
  }

  static int count(String sql, Object... parameters) {
    return StoredOrders.countIn(DATABASE, sql, parameters);
  }
}
