package com.partner.comptappart.orders.control;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.Notifications.fresh;
import static com.partner.comptappart.it.Notifications.with;
import static com.partner.comptappart.it.WebhookClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.FulfilmentGate;
import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Copies that race a first attempt still in its transaction, on a real server and database: partner
 * code holds the first attempt's order (inserted, flushed, not committed) for as long as the test
 * says, so each race happens every time, not by luck of timing. What the sender sees must be what
 * README promises: a 2xx for every copy, one stored order.
 */
@ExtendWith(ArquillianExtension.class)
class IntakeRaceIT {

  static final FulfilmentGate GATE = new FulfilmentGate(ReceiverDeployment.freshSpool());

  /** The test pool's socket timeout: a wait inside PostgreSQL longer than this is a 503. */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

  @Deployment(testable = false)
  static WebArchive receiverWithSlowPartnerCode() {
    Path unused = ReceiverDeployment.freshSpool();
    return ReceiverDeployment.withSwitchableFulfilment(
        unused.resolve("switch"), unused.resolve("provisioned"), GATE);
  }

  @ArquillianResource URL base;

  WebhookClient sender;

  @BeforeEach
  void connect() {
    sender = new WebhookClient(base, ReceiverDeployment.API_KEY);
  }

  @Test
  void anotherEventOfTheSameNewOrderWaitsOnTheDatabaseKeyAndIsAnsweredAlreadyProcessed() {
    JsonObject first = fresh();
    JsonObject other = with(first, "/event_id", Json.createValue(eventId(first) + "_other"));
    double collidedBefore = collided();
    CompletableFuture<HttpResponse<String>> firstAnswer = held(first);

    // Another event id: nothing in this server makes it wait, so it reaches PostgreSQL, finds no
    // committed order, inserts, and waits on the unique key of the first attempt's order id.
    CompletableFuture<HttpResponse<String>> otherAnswer = sendAsync(other);
    assertTrue(
        Poll.until(Duration.ofSeconds(30), () -> receiverBackendsWaitingOnALock() == 1),
        "the other event's insert never waited on the order id's key: "
            + StoredOrders.rows(
                "SELECT pid, state, wait_event_type, wait_event, query FROM pg_stat_activity"
                    + " WHERE datname = current_database()"));
    GATE.release(eventId(first));

    assertAnswer(firstAnswer, "created");
    // Reached only through the unique-key violation, as EclipseLink and JTA raise it.
    assertAnswer(otherAnswer, "already_processed");
    long orderId = first.getJsonNumber("order_id").longValue();
    assertEquals(1, StoredOrders.countByOrderId(orderId));
    assertEquals(eventId(first), StoredOrders.order(eventId(first)).get("event_id"));
    assertEquals(
        List.of("ALREADY_PROCESSED"),
        outcomesOf(eventId(other)),
        "the racing event is in the delivery log as already processed");
    assertEquals(1.0, collided() - collidedBefore, "comptappart_delivery_copies_collided_total");
  }

  @Test
  void aCopyWaitsInTheServerWhileTheFirstCommitIsSlowerThanTheSocketTimeout() {
    JsonObject order = fresh();
    double collidedBefore = collided();
    CompletableFuture<HttpResponse<String>> firstAnswer = held(order);

    long sent = System.nanoTime();
    CompletableFuture<HttpResponse<String>> copyAnswer = sendAsync(order);
    assertTrue(Poll.until(Duration.ofSeconds(30), () -> copiesWaiting() == 1), "copy never waited");
    // The first attempt stays in its transaction past the socket timeout: had the copy waited in
    // PostgreSQL, it would be a 503 by now.
    Duration slowCommit = SOCKET_TIMEOUT.plusSeconds(1);
    Poll.until(
        Duration.ofSeconds(30),
        () ->
            copyAnswer.isDone()
                || Duration.ofNanos(System.nanoTime() - sent).compareTo(slowCommit) > 0);
    assertFalse(copyAnswer.isDone(), "the copy is answered only once the first is done");
    GATE.release(eventId(order));

    assertAnswer(firstAnswer, "created");
    assertAnswer(copyAnswer, "already_processed");
    assertEquals(1, StoredOrders.countByEventId(eventId(order)));
    // The copy waited in the server (it never met the database's unique key) for longer than the
    // socket timeout, on the receiver's own clock, and was answered 200, not 503.
    assertEquals(0.0, collided() - collidedBefore, "a copy that waited in the server collides not");
    long copyWaited =
        ((Number)
                StoredOrders.rows(
                        "SELECT duration_ms FROM delivery WHERE event_id = ?"
                            + " AND outcome = 'ALREADY_PROCESSED'",
                        eventId(order))
                    .get(0)
                    .get("duration_ms"))
            .longValue();
    assertTrue(
        copyWaited > SOCKET_TIMEOUT.toMillis(),
        "the copy answered after " + copyWaited + " ms, within the socket timeout");
  }

  @Test
  void aCopyStoresTheOrderWhenTheFirstAttemptRollsBack() {
    JsonObject order = fresh();
    CompletableFuture<HttpResponse<String>> firstAnswer = held(order);
    GATE.failOnce(eventId(order));

    CompletableFuture<HttpResponse<String>> copyAnswer = sendAsync(order);
    assertTrue(Poll.until(Duration.ofSeconds(30), () -> copiesWaiting() == 1), "copy never waited");
    GATE.release(eventId(order));

    HttpResponse<String> failed = firstAnswer.join();
    assertEquals(500, failed.statusCode(), failed.body());
    assertAnswer(copyAnswer, "created");
    assertEquals(1, StoredOrders.countByEventId(eventId(order)));
    assertEquals(List.of("CREATED", "FAILED"), outcomesOf(eventId(order)));
  }

  @Test
  void pastItsLongestWaitACopyGoesToTheDatabaseWhichDecides() {
    JsonObject order = fresh();
    double collidedBefore = collided();
    CompletableFuture<HttpResponse<String>> firstAnswer = held(order);

    long sent = System.nanoTime();
    CompletableFuture<HttpResponse<String>> copyAnswer = sendAsync(order);
    assertTrue(
        Poll.until(Duration.ofSeconds(60), () -> receiverBackendsWaitingOnALock() == 1),
        "the copy never reached the database");
    Duration waitedInServer = Duration.ofNanos(System.nanoTime() - sent);
    GATE.release(eventId(order));

    assertTrue(
        waitedInServer.toMillis() >= InFlightEvents.LONGEST_WAIT_MILLIS,
        "went to the database after " + waitedInServer.toMillis() + " ms");
    assertAnswer(firstAnswer, "created");
    // The event id's unique key, then the second lookup: the copy is answered, not refused.
    assertAnswer(copyAnswer, "already_processed");
    assertEquals(1, StoredOrders.countByEventId(eventId(order)));
    assertEquals(1.0, collided() - collidedBefore, "comptappart_delivery_copies_collided_total");
  }

  /** README's counter of copies that met the database's unique key, as Prometheus reads it. */
  double collided() {
    return Metrics.of(base).value("comptappart_delivery_copies_collided_total");
  }

  @Test
  void aConnectionEndedByPostgreSQLMidOrderIsA503AndTheRetryStoresTheOrder() {
    JsonObject order = fresh();
    CompletableFuture<HttpResponse<String>> answer = held(order);

    // As a database restart or an administrator would: PostgreSQL ends the backend (57P01).
    assertEquals(
        1,
        StoredOrders.count(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = 'comptappart-orders'"
                + " AND state = 'idle in transaction'"));
    GATE.release(eventId(order));

    HttpResponse<String> ended = answer.orTimeout(60, TimeUnit.SECONDS).join();
    assertEquals(503, ended.statusCode(), ended.body());
    assertEquals("database_unavailable", json(ended).getString("error"));
    assertTrue(ended.headers().firstValue("Retry-After").isPresent(), "Retry-After");
    assertEquals(0, StoredOrders.countByEventId(eventId(order)), "nothing half stored");
    assertAnswer(CompletableFuture.completedFuture(sender.post(order.toString())), "created");
    assertEquals(1, StoredOrders.countByEventId(eventId(order)));
  }

  /**
   * Every connection of the pool held by an order in its transaction: one more order waits for a
   * connection no longer than the pool's wait and is answered 503, which the sender retries
   * (README: a saturated pool answers 503 within 3 s, on the receiver's own clock).
   */
  @Test
  void aSaturatedPoolIsAnswered503WithinThreeSecondsAndTheRetryIsStored() throws Exception {
    java.util.regex.Matcher size =
        java.util.regex.Pattern.compile("--maxpoolsize=(\\d+)")
            .matcher(
                java.nio.file.Files.readString(
                    Path.of("server-config/production/commands.asadmin")));
    assertTrue(size.find(), "production's pool size");
    List<JsonObject> holding = new java.util.ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> held = new java.util.ArrayList<>();
    JsonObject late = fresh();
    HttpResponse<String> refused;
    try {
      for (int i = 0; i < Integer.parseInt(size.group(1)); i++) {
        holding.add(fresh());
        held.add(held(holding.get(i)));
      }
      refused = sender.post(late.toString());
    } finally {
      holding.forEach(order -> GATE.release(eventId(order)));
    }

    assertEquals(503, refused.statusCode(), refused.body());
    assertEquals("database_unavailable", json(refused).getString("error"));
    assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After");
    held.forEach(answer -> assertAnswer(answer, "created"));
    List<Long> serverTime =
        StoredOrders.unavailableAnswerTimes(
            com.partner.comptappart.it.TestDatabase.NAME, new String[] {eventId(late)}, 1);
    assertEquals(1, serverTime.size(), "the 503 in the delivery log");
    assertTrue(serverTime.get(0) < 3000, "answered 503 after " + serverTime.get(0) + " ms");
    assertAnswer(CompletableFuture.completedFuture(sender.post(late.toString())), "created");
  }

  /** Sends the order and returns once its first attempt is held inside its transaction. */
  CompletableFuture<HttpResponse<String>> held(JsonObject order) {
    GATE.hold(eventId(order));
    CompletableFuture<HttpResponse<String>> answer = sendAsync(order);
    assertTrue(
        Poll.until(Duration.ofSeconds(30), () -> GATE.isHeld(eventId(order))),
        "the first attempt never reached partner code");
    return answer;
  }

  /** A thread per request in flight, whatever the machine's core count. */
  static final java.util.concurrent.ExecutorService SENDERS =
      java.util.concurrent.Executors.newCachedThreadPool();

  CompletableFuture<HttpResponse<String>> sendAsync(JsonObject order) {
    return CompletableFuture.supplyAsync(() -> sender.post(order.toString()), SENDERS);
  }

  static void assertAnswer(CompletableFuture<HttpResponse<String>> answer, String status) {
    HttpResponse<String> response = answer.orTimeout(60, TimeUnit.SECONDS).join();
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(status, json(response).getString("status"), response.body());
  }

  int copiesWaiting() {
    return (int) Metrics.of(base).value("comptappart_delivery_copies_waiting");
  }

  /** The receiver's connections that wait on a row lock or key now (PostgreSQL's view). */
  static int receiverBackendsWaitingOnALock() {
    return StoredOrders.count(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND application_name = 'comptappart-orders' AND wait_event_type = 'Lock'");
  }

  static List<Object> outcomesOf(String eventId) {
    return StoredOrders.rows(
            "SELECT outcome FROM delivery WHERE event_id = ? ORDER BY outcome", eventId)
        .stream()
        .map(row -> row.get("outcome"))
        .toList();
  }
}
