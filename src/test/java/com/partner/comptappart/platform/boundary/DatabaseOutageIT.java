package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.WebhookClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database goes away under a running server: the sender must get a 503 it will retry, within
 * the contract's response time, and the retry after the database returns stores the order once.
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseOutageIT {

  /**
   * README's promise: a dead database is answered 503 within 3 s, so that an outage never looks
   * like a timeout. Measured on the server's own clock (the delivery log's {@code duration_ms}):
   * the client's clock on a loaded build machine adds its own scheduling, which is not the
   * receiver's.
   */
  static final Duration PROMPT_ANSWER = Duration.ofSeconds(3);

  /**
   * A load balancer's usual wait for a health check: the check itself gives up after about 3 s (a 1
   * s login, a 2 s validation); on the client's clock of a loaded build machine, some room.
   */
  static final Duration READINESS_TIMEOUT = Duration.ofSeconds(5);

  /** The sender's patience (the partner configuration page: under 10 s), on the client's clock. */
  static final Duration SENDER_TIMEOUT = Duration.ofSeconds(10);

  @Deployment(testable = false)
  static WebArchive receiver() {
    // These tests prove what the sender's own retries find; the recovery of the orders it gives
    // up on (ClusterIT) would replay the 503s here too, so it waits past these tests.
    return ReceiverDeployment.withConfig(
        "comptappart.delivery-spool-drain-seconds",
        "1",
        "comptappart.outage-recovery.interval",
        "PT1H");
  }

  @ArquillianResource URL base;

  WebhookClient sender;
  DatabaseLink database = IntegrationEnvironment.databaseLink();

  @BeforeEach
  void databaseIsReachable() {
    sender = new WebhookClient(base, null);
    // A first order proves the pool holds live connections before they are cut.
    assertEquals(200, sender.post(Notifications.fresh().toString()).statusCode());
  }

  @AfterEach
  void restoreDatabase() {
    database.switchTo(DatabaseLink.Mode.FORWARD);
  }

  @ParameterizedTest
  @EnumSource(
      value = DatabaseLink.Mode.class,
      names = {"REFUSE", "BLACKHOLE"})
  void unreachableDatabaseIsAnswered503PromptlyAndTheRetryStoresTheOrderOnce(
      DatabaseLink.Mode outage) {
    JsonObject body = Notifications.fresh();
    database.switchTo(outage);

    for (int attempt = 0; attempt < 3; attempt++) {
      long start = System.nanoTime();
      HttpResponse<String> response = sender.post(body.toString());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals(503, response.statusCode(), response.body());
      assertEquals("60", response.headers().firstValue("Retry-After").orElse(null), "Retry-After");
      assertEquals("database_unavailable", json(response).getString("error"));
      assertTrue(took.compareTo(SENDER_TIMEOUT) < 0, "answered in " + took.toMillis() + " ms");
    }

    database.switchTo(DatabaseLink.Mode.FORWARD);
    HttpResponse<String> retry = sender.post(body.toString());

    assertEquals(200, retry.statusCode(), retry.body());
    assertEquals("created", json(retry).getString("status"));
    assertEquals(1, StoredOrders.countByEventId(eventId(body)));
    List<Long> serverTimes =
        StoredOrders.unavailableAnswerTimes(TestDatabase.NAME, new String[] {eventId(body)}, 3);
    assertEquals(3, serverTimes.size(), "the three 503s in the delivery log: " + serverTimes);
    assertTrue(
        serverTimes.stream().allMatch(millis -> millis < PROMPT_ANSWER.toMillis()),
        "the receiver's own time for each 503, in ms: " + serverTimes);
  }

  @Test
  void afterAnOutageEveryResentOrderIsStoredOnceAndTheDeliveryLogIsComplete() throws Exception {
    List<JsonObject> orders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      orders.add(Notifications.fresh());
    }
    database.switchTo(DatabaseLink.Mode.REFUSE);
    long slowest = 0;
    int answered503 = 0;
    for (JsonObject order : orders) {
      long start = System.nanoTime();
      int status = sender.post(order.toString()).statusCode();
      slowest = Math.max(slowest, Duration.ofNanos(System.nanoTime() - start).toMillis());
      answered503 += status == 503 ? 1 : 0;
    }
    database.switchTo(DatabaseLink.Mode.FORWARD);
    long resent2xx =
        orders.stream().filter(order -> sender.post(order.toString()).statusCode() == 200).count();

    String[] eventIds = orders.stream().map(Notifications::eventId).toArray(String[]::new);
    int rows =
        StoredOrders.count(
            "SELECT count(*) FROM customer_order WHERE event_id = ANY (?)", (Object) eventIds);
    // The 503s were spooled to disk while the database was away; they reach the log once the
    // drain (every second here) runs. Wait for that, bounded.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int logged;
    do {
      logged =
          StoredOrders.count(
              "SELECT count(*) FROM delivery WHERE event_id = ANY (?)", (Object) eventIds);
    } while (logged < 40 && System.nanoTime() < deadline && pause());
    int logged503 =
        StoredOrders.count(
            "SELECT count(*) FROM delivery WHERE outcome = 'FAILED' AND status_code = 503"
                + " AND error_code = 'database_unavailable' AND body IS NOT NULL AND event_id = ANY (?)",
            (Object) eventIds);
    System.out.printf(
        "PROOF database down: %d orders sent during the outage, %d answered 503 (slowest %d ms);"
            + " resent after: %d answered 200, %d rows; delivery log: %d records (%d of them the 503s)%n",
        orders.size(), answered503, slowest, resent2xx, rows, logged, logged503);
    assertEquals(20, answered503);
    assertTrue(
        slowest < SENDER_TIMEOUT.toMillis(), "slowest 503 on the client: " + slowest + " ms");
    assertEquals(20, resent2xx);
    assertEquals(20, rows);
    assertEquals(40, logged);
    assertEquals(20, logged503);
    List<Long> serverTimes = StoredOrders.unavailableAnswerTimes(TestDatabase.NAME, eventIds, 20);
    assertTrue(
        serverTimes.stream().allMatch(millis -> millis < PROMPT_ANSWER.toMillis()),
        "the receiver's own time for each 503, in ms: " + serverTimes);
  }

  private static boolean pause() throws InterruptedException {
    Thread.sleep(200);
    return true;
  }

  @ParameterizedTest
  @EnumSource(
      value = DatabaseLink.Mode.class,
      names = {"REFUSE", "BLACKHOLE"})
  void readinessTellsOpsWhenTheDatabaseIsAway(DatabaseLink.Mode outage) throws Exception {
    assertDatabaseCheck(200, "UP", readiness());

    database.switchTo(outage);
    long start = System.nanoTime();
    HttpResponse<String> away = readiness();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertDatabaseCheck(503, "DOWN", away);
    assertTrue(took.compareTo(READINESS_TIMEOUT) < 0, "answered in " + took.toMillis() + " ms");
    HttpResponse<String> live = Readiness.of(base, "/health/live");
    assertEquals(
        200, live.statusCode(), "the server lives on without its database: " + live.body());

    database.switchTo(DatabaseLink.Mode.FORWARD);
    assertDatabaseCheck(200, "UP", readiness());
  }

  private HttpResponse<String> readiness() {
    return Readiness.of(base);
  }

  private static void assertDatabaseCheck(int status, String state, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        Readiness.checks(response).contains("database " + state),
        "database " + state + " in " + response.body());
  }

  @Test
  void unexpectedFailureOnOurSideIsA500InTheErrorShapeNeverA4xx() throws Exception {
    JsonObject body = Notifications.fresh();
    // A failure the receiver cannot foresee (a trigger raising an error, as a broken migration or
    // a manual change could), for this test's event only: no other test's order is touched.
    String trigger = "it_fail_" + Math.abs(eventId(body).hashCode());
    execute(
        "CREATE FUNCTION "
            + trigger
            + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF EXISTS (SELECT 1 FROM customer_order WHERE id = NEW.customer_order_id"
            + " AND event_id = '"
            + eventId(body)
            + "') THEN RAISE EXCEPTION 'schema drift' USING ERRCODE = 'XX000'; END IF;"
            + " RETURN NEW; END $$");
    execute(
        "CREATE TRIGGER "
            + trigger
            + " BEFORE INSERT ON product_line FOR EACH ROW EXECUTE FUNCTION "
            + trigger
            + "()");
    try {
      HttpResponse<String> response = sender.post(body.toString());

      assertEquals(500, response.statusCode(), response.body());
      assertTrue(
          response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      assertEquals("internal_error", json(response).getString("error"));
      assertEquals(0, StoredOrders.countByEventId(eventId(body)), "the order rolled back whole");
    } finally {
      execute("DROP TRIGGER " + trigger + " ON product_line");
      execute("DROP FUNCTION " + trigger + "()");
    }

    assertEquals(200, sender.post(body.toString()).statusCode());
    assertEquals(1, StoredOrders.countByEventId(eventId(body)));
  }

  static void execute(String sql) throws Exception {
    try (var connection = TestDatabase.connect();
        var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
