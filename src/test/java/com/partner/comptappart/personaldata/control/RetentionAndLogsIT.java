package com.partner.comptappart.personaldata.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OpsClient;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * On a receiver of its own (its own database, retention shortened to seconds): personal data
 * travels every path a request can take and none of it reaches the server's log; then the retention
 * removes bodies, keeps the records, and deletes test orders but not the others.
 */
class RetentionAndLogsIT {

  static final String DATABASE = TestDatabase.NAME + "_retention";
  static final Duration WITHIN = Duration.ofSeconds(40);

  @Test
  void personalDataNeverReachesTheLogAndRetentionRemovesWhatItShould() throws Exception {
    TestDatabase.recreate(DATABASE);
    Map<String, String> environment = new HashMap<>();
    environment.put("COMPTAPPART_API_KEYS", ReceiverDeployment.API_KEY);
    environment.put("COMPTAPPART_DELIVERY_SPOOL_DIR", ReceiverDeployment.freshSpool().toString());
    environment.put("COMPTAPPART_INVOICE_ALLOWED_HOSTS", "localhost");
    environment.put("COMPTAPPART_RETENTION_DELIVERY_BODIES", "PT10S");
    environment.put("COMPTAPPART_RETENTION_ORDER_RAW_BODY", "PT12S");
    environment.put("COMPTAPPART_RETENTION_TEST_ORDERS", "PT15S");
    environment.put("COMPTAPPART_RETENTION_RUN_INTERVAL", "PT1S");
    // The summary of refused credentials, once a minute on a server: every 2 s here.
    environment.put("COMPTAPPART_UNAUTHENTICATED_SUMMARY_SECONDS", "2");
    try (MicroProcess server =
        MicroProcess.start(
            environment,
            List.of("-Dit.db.name=" + DATABASE),
            jsonLogs(IntegrationEnvironment.microOptions()))) {
      String mark = UUID.randomUUID().toString().substring(0, 8);
      List<String> personal =
          List.of(
              "Prenomlog" + mark,
              "Nomlog" + mark,
              "journal." + mark + "@example.test",
              "+3362" + Math.abs(mark.hashCode() % 10_000_000));
      JsonObject kept = order(personal);
      JsonObject testOrder = order(personal);
      String refusedEventId = everyPathCarriesPersonalData(server, personal, kept, testOrder);

      String log = server.output();
      assertTrue(
          log.contains("Delivery of " + Notifications.eventId(kept) + " (order.created): CREATED"),
          "the routine (FINE) line of a stored order is among the lines searched:\n" + log);
      for (String field : personal) {
        assertFalse(log.contains(field), field + " in the server log:\n" + log);
      }
      assertRefusalLoggedAsJson(log, refusedEventId);
      // Routine answers at FINE, refusals at INFO (DeliveryLines): a server's INFO log holds
      // what ops act on, not a line per order.
      assertEquals(
          "FINE", recordOf(log, Notifications.eventId(kept), "CREATED").getString("Level"));
      assertEquals("INFO", recordOf(log, refusedEventId, "REJECTED").getString("Level"));
      assertRefusedCredentialsAreSummedUpNotLoggedOneByOne(server);

      // Retention. One order is made a production order: it must never be deleted.
      update(
          "update customer_order set test_order = false where event_id = ?",
          Notifications.eventId(kept));
      String testEvent = Notifications.eventId(testOrder);
      assertTrue(
          Poll.until(
              WITHIN,
              () ->
                  count(
                          "select count(*) from delivery where event_id = ? and body is null"
                              + " and body_purged_at is not null",
                          Notifications.eventId(kept))
                      >= 1),
          "delivery bodies removed, records kept");
      assertTrue(
          Poll.until(
              WITHIN,
              () ->
                  count(
                          "select count(*) from customer_order where event_id = ?"
                              + " and raw_body is null and total_amount is not null",
                          Notifications.eventId(kept))
                      == 1),
          "the order's raw body removed, its parsed columns kept");
      assertTrue(
          Poll.until(
              WITHIN,
              () ->
                  count("select count(*) from customer_order where event_id = ?", testEvent) == 0),
          "the test order deleted");
      assertEquals(0, count("select count(*) from delivery where event_id = ?", testEvent));
      assertEquals(
          1,
          count(
              "select count(*) from customer_order where event_id = ?",
              Notifications.eventId(kept)));
      assertTrue(
          count(
                  "select count(*) from product_line l join customer_order o"
                      + " on o.id = l.customer_order_id where o.event_id = ?",
                  Notifications.eventId(kept))
              > 0,
          "the kept order's lines kept");
      Metrics metrics = Metrics.of(server.base());
      assertTrue(metrics.value("comptappart_retention_removed_total", "kind=\"test_orders\"") >= 1);
      assertTrue(
          metrics.value("comptappart_retention_removed_total", "kind=\"delivery_bodies\"") >= 1);
      assertTrue(server.output().contains("Retention: "), "one INFO line per run that removed");
    }
  }

  /**
   * Created, duplicate, refused (400, 413, 401), failed with the database away (503), replayed,
   * accessed and erased: each path sees the buyer's data.
   */
  static String everyPathCarriesPersonalData(
      MicroProcess server, List<String> personal, JsonObject kept, JsonObject testOrder) {
    WebhookClient sender = new WebhookClient(server.base(), ReceiverDeployment.API_KEY);
    OpsClient ops = new OpsClient(server.base());
    assertEquals(200, sender.post(kept.toString()).statusCode());
    assertEquals(200, sender.post(testOrder.toString()).statusCode());
    assertEquals(200, sender.post(kept.toString()).statusCode(), "duplicate");
    JsonObject refused =
        Notifications.with(order(personal), "/order/total_amount", Json.createValue(-1));
    assertEquals(400, sender.post(refused.toString()).statusCode());
    String huge =
        Notifications.with(order(personal), "/padding", Json.createValue("x".repeat(1_100_000)))
            .toString();
    assertEquals(413, sender.post(huge).statusCode());
    assertEquals(
        401,
        new WebhookClient(server.base(), "wrong-key-0123456789abcdefghijklmnop")
            .post(kept.toString())
            .statusCode());
    IntegrationEnvironment.databaseLink().switchTo(DatabaseLink.Mode.REFUSE);
    try {
      assertEquals(503, sender.post(order(personal).toString()).statusCode(), "database away");
    } finally {
      IntegrationEnvironment.databaseLink().switchTo(DatabaseLink.Mode.FORWARD);
    }
    long delivery =
        ((Number)
                StoredOrders.rowsIn(
                        DATABASE,
                        "select id from delivery where event_id = ? order by id limit 1",
                        Notifications.eventId(kept))
                    .get(0)
                    .get("id"))
            .longValue();
    assertEquals(200, ops.post("api/ops/deliveries/" + delivery + "/replay").statusCode());
    assertEquals(200, ops.get("api/ops/personal-data?email=" + personal.get(2)).statusCode());
    String other = "autre." + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    JsonObject erasedOrder =
        Notifications.with(order(personal), "/customer/email", Json.createValue(other));
    assertEquals(200, sender.post(erasedOrder.toString()).statusCode());
    assertEquals(
        200,
        ops.post(
                "api/ops/erasures",
                Json.createObjectBuilder().add("email", other).build().toString())
            .statusCode());
    return Notifications.eventId(refused);
  }

  /** The project's JSON log option for Payara Micro (server-config/json-logs). */
  /**
   * The shipped JSON logging, with every line the receiver writes let through, down to FINEST:
   * routine lines (a stored order's delivery) are FINE on a server, and a search for personal data
   * must read them too. Ops who turn a level down for a diagnosis get no more than this test read.
   */
  static List<String> jsonLogs(String... microOptions) throws java.io.IOException {
    Path everything = IntegrationEnvironment.ofThisTestJvm("it-json-logging-finest.properties");
    java.nio.file.Files.writeString(
        everything,
        java.nio.file.Files.readString(Path.of("server-config/json-logs/micro-logging.properties"))
            + "\njava.util.logging.ConsoleHandler.level=FINEST\ncom.partner.comptappart.level=FINEST\n");
    List<String> options = new java.util.ArrayList<>(List.of(microOptions));
    options.add("--logProperties");
    options.add(everything.toAbsolutePath().toString());
    return options;
  }

  /**
   * With the JSON log option every record is a JSON object on a line of its own, and a refused
   * delivery's record carries its event id, outcome, status, error and duration as fields.
   */
  static void assertRefusalLoggedAsJson(String log, String eventId) {
    JsonObject line = null;
    List<JsonObject> records = records(log);
    for (JsonObject record : records) {
      if (eventId.equals(record.getString("eventId", null))) {
        line = record;
      }
    }
    assertTrue(records.size() > 10, "JSON records in the log:\n" + log);
    assertTrue(line != null, "no JSON record with the event id " + eventId + " in:\n" + log);
    assertEquals("REJECTED", line.getString("outcome"), line.toString());
    assertEquals("400", line.getString("statusCode"));
    assertEquals("invalid_notification", line.getString("errorCode"));
    assertTrue(Long.parseLong(line.getString("durationMillis")) >= 0);
    assertEquals(
        "com.partner.comptappart.deliveries.control.DeliveryLines", line.getString("LoggerName"));
  }

  /**
   * Requests refused for their credentials get no line each (anyone can send them): one WARNING per
   * interval sums them up by reason and address. With the one of {@link
   * #everyPathCarriesPersonalData} and two more here, the summaries add up to exactly three.
   */
  static void assertRefusedCredentialsAreSummedUpNotLoggedOneByOne(MicroProcess server) {
    String order = Notifications.fresh().toString();
    assertEquals(401, new WebhookClient(server.base(), null).post(order).statusCode());
    assertEquals(
        401,
        new WebhookClient(server.base(), "another-wrong-key-0123456789abcdefghij")
            .post(order)
            .statusCode());
    assertTrue(
        Poll.until(WITHIN, () -> summedUpRefusals(server.output()) >= 3),
        "summaries of refused credentials:\n" + server.output());
    assertEquals(3, summedUpRefusals(server.output()), server.output());
    for (JsonObject record : records(server.output())) {
      assertFalse(
          "UNAUTHORIZED".equals(record.getString("outcome", null)),
          "a line for one refused request: " + record);
    }
  }

  /** The refusals the WARNING summaries of UnauthenticatedRequests count, added up. */
  static long summedUpRefusals(String log) {
    long sum = 0;
    for (JsonObject record : records(log)) {
      if (record.getString("LoggerName", "").endsWith(".UnauthenticatedRequests")) {
        assertEquals("WARNING", record.getString("Level"), record.toString());
        String message = record.getString("LogMessage");
        assertTrue(message.contains("unauthenticated request(s) refused: "), message);
        sum += Long.parseLong(message.substring(0, message.indexOf(' ')));
      }
    }
    return sum;
  }

  /** The JSON record of a delivery line with this event id and outcome. */
  static JsonObject recordOf(String log, String eventId, String outcome) {
    return records(log).stream()
        .filter(r -> eventId.equals(r.getString("eventId", null)))
        .filter(r -> outcome.equals(r.getString("outcome", null)))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + outcome + " line of " + eventId + ":\n" + log));
  }

  static List<JsonObject> records(String log) {
    List<JsonObject> records = new java.util.ArrayList<>();
    for (String text : log.split("\n")) {
      if (text.startsWith("{")) {
        records.add(Json.createReader(new java.io.StringReader(text)).readObject());
      }
    }
    return records;
  }

  static JsonObject order(List<String> personal) {
    return Notifications.with(
        Notifications.fresh(),
        "/customer",
        Json.createObjectBuilder()
            .add("first_name", personal.get(0))
            .add("last_name", personal.get(1))
            .add("email", personal.get(2))
            .add("phone", personal.get(3))
            .build());
  }

  static int count(String sql, Object... parameters) {
    return StoredOrders.countIn(DATABASE, sql, parameters);
  }

  static void update(String sql, String parameter) throws Exception {
    try (Connection connection = TestDatabase.connect(DATABASE);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      assertEquals(1, statement.executeUpdate());
    }
  }
}
