package com.partner.comptappart.handlers.control;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OpsClient;
import com.partner.comptappart.it.PartnerFixture;
import com.partner.comptappart.it.PartnerRules;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import com.partner.comptappart.it.WelcomeMailHandler;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Partner code beside the receiver, on a real Payara Micro and PostgreSQL. Its answers inside the
 * order's transaction: refused for now (503, the retry stored), for good (422, parked), a unique
 * key of its own tables met (500, no copy race, its value not logged). Its work after the commit is
 * done at least once, on a real Payara Micro and PostgreSQL, with a welcome-mail handler whose mail
 * server the test takes down ({@link WelcomeMailHandler}): retried until it works, taken again
 * after a kill -9, given up after the limit and run again by ops. Each effect happens once.
 */
class PartnerCodeIT {

  static final Duration WITHIN = Duration.ofSeconds(30);
  static Path mailServer;
  static PartnerFixture receiver;

  @BeforeAll
  static void start() throws Exception {
    Path work = Path.of(System.getProperty("it.war")).resolveSibling("it-handlers");
    Files.createDirectories(work);
    mailServer = Files.createTempDirectory(work, "mail");
    receiver =
        PartnerFixture.with(WelcomeMailHandler.class, PartnerRules.class)
            .config(WelcomeMailHandler.DIRECTORY, mailServer.toString())
            .config("comptappart.handlers.lease", "PT10S")
            .config("comptappart.handlers.max-attempts", "3")
            .config("comptappart.failures-before-parking", "3")
            // The partner's own table, by a migration of its own (db/partner, its own history).
            .migration(
                "V1__partner_property.sql",
                "CREATE TABLE it_partner_property (external_id VARCHAR(64) PRIMARY KEY);\n")
            .start();
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void aHandlerFailingTwiceRunsThreeTimesAndQueuesOneMail() throws Exception {
    JsonObject order = Notifications.fresh();
    Files.writeString(mailServer.resolve("down-" + eventId(order)), "2");

    assertEquals(200, send(order));

    assertTrue(Poll.until(WITHIN, () -> isDone(order)), "done: " + runOf(order));
    assertTrue(mailQueued(order));
    assertEquals(List.of("1", "2", "3"), calls(order));
    JsonObject run = runOf(order);
    assertEquals(3, run.getInt("attempts"));
    assertEquals("welcome-mail", run.getString("handler"));
    // The handler is told which delivery stored the order: the delivery log's.
    String storedBy = receiver.deliveries(order).get(0).getJsonNumber("id").toString();
    assertEquals(storedBy, run.getJsonNumber("deliveryId").toString());
    assertEquals(storedBy, Files.readString(mailServer.resolve("delivery-" + eventId(order))));
  }

  @Test
  void aHandlerCutShortByAKillRunsAgainAfterTheRestart() throws Exception {
    JsonObject order = Notifications.fresh();
    Path hold = mailServer.resolve("hold-" + eventId(order));
    Files.writeString(hold, "");

    assertEquals(200, send(order));
    assertTrue(Poll.until(WITHIN, () -> calls(order).equals(List.of("1"))), "the first call began");
    receiver.crash();
    Files.delete(hold);
    assertFalse(mailQueued(order), "the killed call queued nothing");
    receiver.restart();

    assertTrue(Poll.until(WITHIN, () -> isDone(order)), "done: " + runOf(order));
    assertTrue(mailQueued(order));
    assertEquals(List.of("1", "2"), calls(order), "the attempt cut short counts");
  }

  @Test
  void aHandlerFailingEveryTimeIsGivenUpAtTheLimitAndOpsRunItAgain() throws Exception {
    JsonObject order = Notifications.fresh();
    Path down = mailServer.resolve("down-" + eventId(order));
    Files.writeString(down, "99");

    assertEquals(200, send(order));
    assertTrue(
        Poll.until(WITHIN, () -> "FAILED".equals(runOf(order).getString("state"))),
        "given up: " + runOf(order));
    assertEquals(List.of("1", "2", "3"), calls(order));
    assertTrue(runOf(order).getString("lastError").contains("mail server unavailable"));
    assertFalse(mailQueued(order));

    Files.delete(down);
    OpsClient ops = new OpsClient(receiver.base());
    var again = ops.post("api/ops/handler-runs/" + runOf(order).getJsonNumber("id") + "/run");
    assertEquals(200, again.statusCode(), OpsClient.text(again));
    assertTrue(Poll.until(WITHIN, () -> isDone(order)), "done: " + runOf(order));
    assertTrue(mailQueued(order));
    assertEquals(List.of("1", "2", "3", "4"), calls(order));
  }

  @Test
  void thePartnersMigrationsRunWithAHistoryOfTheirOwnAndLeaveTheProductsAsItShips() {
    assertEquals(
        List.of("0", "1"),
        StoredOrders.rows("SELECT version FROM partner_schema_history ORDER BY installed_rank")
            .stream()
            .map(row -> String.valueOf(row.get("version")))
            .toList());
    assertEquals(
        0,
        StoredOrders.count(
            "SELECT count(*) FROM flyway_schema_history WHERE script LIKE '%partner%'"));
    assertEquals(0, StoredOrders.count("SELECT count(*) FROM it_partner_property WHERE false"));
  }

  /** README's example: a new property created once, whatever the orders that name it. */
  @Test
  void aNewPropertyIsCreatedOnceAndItsWelcomeMailQueuedOnce() throws Exception {
    String property = "qlw_" + java.util.UUID.randomUUID();
    JsonObject created = Notifications.fresh();
    JsonObject another = Notifications.fresh(); // another order for the same property
    Files.writeString(mailServer.resolve("property-" + eventId(created)), property);
    Files.writeString(mailServer.resolve("property-" + eventId(another)), property);

    assertEquals(200, send(created));
    assertEquals(200, send(another));
    assertEquals(200, send(created), "a copy");

    assertEquals(
        1,
        StoredOrders.count(
            "SELECT count(*) FROM it_partner_property WHERE external_id = ?", property));
    assertTrue(Poll.until(WITHIN, () -> isDone(created)), "done: " + runOf(created));
    assertEquals(List.of("1"), calls(created), "one welcome mail for the order, its copy none");
  }

  @Test
  void aRefusalForNowIsA503WithRetryAfterAndTheSendersRetryIsStored() throws Exception {
    JsonObject order = Notifications.fresh();
    Path notNow = mailServer.resolve("not-now-" + eventId(order));
    Files.writeString(notNow, "");

    HttpResponse<String> refused = sender().post(order.toString());
    assertEquals(503, refused.statusCode(), refused.body());
    assertEquals("refused_for_now", WebhookClient.json(refused).getString("error"));
    assertEquals("2", refused.headers().firstValue("Retry-After").orElse(null));
    assertEquals(0, StoredOrders.countByEventId(eventId(order)));

    Files.delete(notNow);
    assertEquals(200, send(order), "the sender's retry");
    assertEquals(1, StoredOrders.countByEventId(eventId(order)));
  }

  @Test
  void aRefusalForGoodIsFinalWithThePartnersReasonAndParkedForOps() throws Exception {
    JsonObject order = Notifications.fresh();
    Files.writeString(mailServer.resolve("refuse-" + eventId(order)), "unknown_property");

    HttpResponse<String> refused = sender().post(order.toString());
    assertEquals(422, refused.statusCode(), refused.body());
    JsonObject error = WebhookClient.json(refused);
    assertEquals("refused_by_partner", error.getString("error"));
    assertTrue(error.getString("message").contains("unknown_property"), error.toString());
    assertEquals(0, StoredOrders.countByEventId(eventId(order)));
    JsonObject delivery = receiver.deliveries(order).get(0);
    assertEquals("PARKED", delivery.getString("outcome"));
    assertEquals(422, delivery.getInt("statusCode"));
    assertTrue(delivery.getBoolean("bodyKept"), "replayable by ops");
  }

  @Test
  void aPartnerTablesDuplicateKeyIsA500NoCopyRaceNotLoggedAndParkedAtTheThirdFailure()
      throws Exception {
    String property = "qlw_" + java.util.UUID.randomUUID();
    JsonObject first = Notifications.fresh();
    JsonObject second = Notifications.fresh();
    Files.writeString(mailServer.resolve("raw-property-" + eventId(first)), property);
    Files.writeString(mailServer.resolve("raw-property-" + eventId(second)), property);
    double collidedBefore =
        Metrics.of(receiver.base()).value("comptappart_delivery_copies_collided_total");

    assertEquals(200, send(first));
    HttpResponse<String> failed = sender().post(second.toString());

    assertEquals(500, failed.statusCode(), failed.body());
    assertEquals("internal_error", WebhookClient.json(failed).getString("error"));
    assertEquals(0, StoredOrders.countByEventId(eventId(second)));
    assertEquals(
        collidedBefore,
        Metrics.of(receiver.base()).value("comptappart_delivery_copies_collided_total"),
        "not taken for a copy racing on another server");
    assertTrue(receiver.log().contains("Unexpected failure, answered 500"), "the failure logged");
    assertEquals(
        List.of(),
        receiver.log().lines().filter(line -> line.contains(property)).toList(),
        "the partner's key is not in the log");

    // The sender retries: the third failure of the event is parked (202), not failed for ever.
    assertEquals(500, sender().post(second.toString()).statusCode());
    HttpResponse<String> third = sender().post(second.toString());
    assertEquals(202, third.statusCode(), third.body());
    assertEquals("stored_unprocessed", WebhookClient.json(third).getString("status"));
    assertEquals(
        List.of("FAILED", "FAILED", "PARKED"),
        receiver.deliveries(second).stream().map(d -> d.getString("outcome")).toList());
  }

  static WebhookClient sender() {
    return new WebhookClient(receiver.base(), null);
  }

  static int send(JsonObject order) {
    return new WebhookClient(receiver.base(), null).post(order.toString()).statusCode();
  }

  static boolean isDone(JsonObject order) {
    return "DONE".equals(runOf(order).getString("state"));
  }

  static boolean mailQueued(JsonObject order) {
    return Files.exists(mailServer.resolve("mail-" + eventId(order)));
  }

  static List<String> calls(JsonObject order) {
    try {
      Path calls = mailServer.resolve("calls-" + eventId(order));
      return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    } catch (IOException unreadable) {
      return List.of();
    }
  }

  static JsonObject runOf(JsonObject order) {
    List<JsonObject> runs = receiver.handlerRuns(order);
    assertEquals(1, runs.size(), runs.toString());
    return runs.get(0);
  }
}
