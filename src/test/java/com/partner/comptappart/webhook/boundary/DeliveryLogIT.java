package com.partner.comptappart.webhook.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.Notifications.fresh;
import static com.partner.comptappart.it.Notifications.with;
import static com.partner.comptappart.it.WebhookClient.json;
import static com.partner.comptappart.webhook.boundary.OrderWebhookIT.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.OpsRealm;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing lost: every request in the delivery log, unhandled event types parked, partner code that
 * fails rolls the order back, and ops replay from the stored bytes.
 */
@ExtendWith(ArquillianExtension.class)
class DeliveryLogIT {

  static final Path FAILURE_SWITCH =
      Path.of(
          System.getProperty("java.io.tmpdir"), "comptappart-it-fulfilment-" + UUID.randomUUID());

  static final Path PROVISIONED = ReceiverDeployment.freshSpool().resolve("provisioned");

  @Deployment(testable = false)
  static WebArchive receiverWithPartnerCode() {
    return ReceiverDeployment.withSwitchableFulfilment(FAILURE_SWITCH, PROVISIONED);
  }

  @ArquillianResource URL base;

  WebhookClient sender;
  String agent;

  @BeforeEach
  void connect() {
    sender = new WebhookClient(base, ReceiverDeployment.API_KEY);
    agent = "ComptAppart-Webhook/1.0 it-" + UUID.randomUUID();
  }

  @AfterEach
  void repairFulfilment() throws IOException {
    Files.deleteIfExists(FAILURE_SWITCH);
  }

  HttpResponse<String> post(byte[] body, String contentType) {
    return sender.send(
        sender
            .request()
            .setHeader("User-Agent", agent)
            .setHeader("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  List<Map<String, Object>> deliveriesOfThisTest() {
    return StoredOrders.rows("SELECT * FROM delivery WHERE user_agent = ? ORDER BY id", agent);
  }

  @Test
  void everyAnswerIsRecordedWithWhatWasSent() throws Exception {
    OffsetDateTime testStart = OffsetDateTime.now().minusSeconds(1);
    long startNanos = System.nanoTime();
    byte[] order = fresh().toString().getBytes(StandardCharsets.UTF_8);
    byte[] invalid =
        with(fresh(), "/order_id", Json.createValue("x"))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    byte[] tooLarge = new byte[1_048_576 + 10_000];
    java.util.Arrays.fill(tooLarge, (byte) ' ');
    tooLarge[0] = '{';

    assertEquals(200, post(order, "application/json").statusCode());
    assertEquals(200, post(order, "application/json").statusCode());
    assertEquals(400, post(invalid, "application/json").statusCode());
    assertEquals(415, post(order, "text/plain").statusCode());
    assertEquals(413, post(tooLarge, "application/json").statusCode());
    HttpResponse<String> unauthenticated =
        new WebhookClient(base, "x".repeat(40))
            .send(
                new WebhookClient(base, "x".repeat(40))
                    .request()
                    .setHeader("User-Agent", agent)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(order)));
    assertEquals(401, unauthenticated.statusCode());

    // The refusal for a wrong key is counted, not stored: anyone can send such requests.
    List<Map<String, Object>> log = deliveriesOfThisTest();
    assertEquals(
        List.of("CREATED", "ALREADY_PROCESSED", "REJECTED", "REJECTED", "REJECTED"),
        log.stream().map(row -> row.get("outcome")).toList());
    assertEquals(
        List.of(200, 200, 400, 415, 413), log.stream().map(row -> row.get("status_code")).toList());
    assertEquals(
        java.util.Arrays.asList(
            null, null, "invalid_notification", "unsupported_media_type", "payload_too_large"),
        log.stream().map(row -> row.get("error_code")).toList());
    assertArrayEquals(order, (byte[]) log.get(0).get("body"));
    assertArrayEquals(invalid, (byte[]) log.get(2).get("body"));
    assertArrayEquals(order, (byte[]) log.get(3).get("body"), "refused bodies are kept for ops");
    assertEquals(1_048_577, ((byte[]) log.get(4).get("body")).length, "limit + 1 byte kept");
    assertEquals(true, log.get(4).get("body_truncated"));
    String eventId =
        Json.createReader(new StringReader(new String(order, StandardCharsets.UTF_8)))
            .readObject()
            .getString("event_id");
    assertEquals(eventId, log.get(0).get("event_id"));
    assertEquals("order.created", log.get(3).get("event_type"), "read from refused bodies too");
    String ourAddress = java.net.InetAddress.getByName(base.getHost()).getHostAddress();
    long testMillis = java.time.Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    OffsetDateTime testEnd = OffsetDateTime.now().plusSeconds(1);
    for (Map<String, Object> row : log) {
      assertEquals(ourAddress, row.get("client_address"));
      long duration = ((Number) row.get("duration_ms")).longValue();
      assertTrue(
          duration >= 0 && duration <= testMillis,
          "duration " + duration + " ms in a test of " + testMillis + " ms");
      OffsetDateTime receivedAt = (OffsetDateTime) row.get("received_at");
      assertTrue(
          receivedAt.isAfter(testStart) && receivedAt.isBefore(testEnd),
          receivedAt + " not within the test's time");
    }
  }

  @Test
  void anOrderItsLinesAndItsDeliveryRecordAreCommittedInOneTransaction() {
    JsonObject order = fresh();
    byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);

    assertEquals(200, post(body, "application/json").statusCode());
    assertEquals(200, post(body, "application/json").statusCode());

    // PostgreSQL's xmin names the transaction that wrote a row.
    String orderTx =
        (String)
            StoredOrders.rows(
                    "SELECT xmin::text AS tx FROM customer_order WHERE event_id = ?",
                    eventId(order))
                .get(0)
                .get("tx");
    List<Map<String, Object>> lines =
        StoredOrders.rows(
            "SELECT p.xmin::text AS tx FROM product_line p JOIN customer_order o"
                + " ON o.id = p.customer_order_id WHERE o.event_id = ?",
            eventId(order));
    List<Map<String, Object>> records =
        StoredOrders.rows(
            "SELECT outcome, xmin::text AS tx FROM delivery WHERE user_agent = ? ORDER BY id",
            agent);

    assertEquals(
        java.util.Collections.nCopies(
            order.getJsonObject("order").getJsonArray("products").size(), orderTx),
        lines.stream().map(row -> row.get("tx")).toList());
    assertEquals(
        List.of("CREATED", "ALREADY_PROCESSED"),
        records.stream().map(row -> row.get("outcome")).toList());
    assertEquals(orderTx, records.get(0).get("tx"), "the delivery record commits with its order");
    org.junit.jupiter.api.Assertions.assertNotEquals(
        orderTx, records.get(1).get("tx"), "the retry is a transaction of its own");
  }

  @Test
  void opsSeeEveryOutcomeCountedAndTimedInTheMetrics() throws Exception {
    Metrics before = Metrics.of(base);
    byte[] order = bytes(fresh());
    byte[] invalid = bytes(with(fresh(), "/order_id", Json.createValue("x")));
    byte[] refund = bytes(with(fresh(), "/event_type", Json.createValue("order.refunded")));
    byte[] failing = bytes(fresh());

    assertEquals(200, post(order, "application/json").statusCode());
    assertEquals(200, post(order, "application/json").statusCode());
    assertEquals(200, post(ping(), "application/json").statusCode());
    assertEquals(202, post(refund, "application/json").statusCode());
    assertEquals(400, post(invalid, "application/json").statusCode());
    Files.createFile(FAILURE_SWITCH);
    assertEquals(500, post(failing, "application/json").statusCode());
    Files.delete(FAILURE_SWITCH);
    assertEquals(
        401, new WebhookClient(base, "y".repeat(40)).post(fresh().toString()).statusCode());

    Metrics after = Metrics.of(base);
    for (String outcome :
        List.of(
            "created",
            "already_processed",
            "acknowledged",
            "parked",
            "rejected",
            "failed",
            "unauthorized")) {
      String label = "outcome=\"" + outcome + "\"";
      assertEquals(
          1.0,
          after.value("comptappart_deliveries_total", label)
              - before.value("comptappart_deliveries_total", label),
          outcome + " counted");
      assertEquals(
          1.0,
          after.value("comptappart_delivery_duration_milliseconds_count", label)
              - before.value("comptappart_delivery_duration_milliseconds_count", label),
          outcome + " timed");
    }
    assertEquals(0.0, after.value("comptappart_delivery_spooled"), "nothing waits on disk");
    // The times are the delivery log's own: a refused or parked delivery moves its outcome's sum
    // by the duration recorded for it; a stored order's record is written in the order's
    // transaction, before its commit, which the metric's time includes. The maximum and the
    // quantiles describe the same series.
    Map<String, String> events =
        Map.of(
            "created",
            eventIdOf(order),
            "parked",
            eventIdOf(refund),
            "rejected",
            eventIdOf(invalid));
    for (String outcome : List.of("created", "parked", "rejected")) {
      String label = "outcome=\"" + outcome + "\"";
      long took =
          ((Number)
                  StoredOrders.rows(
                          "SELECT duration_ms FROM delivery WHERE event_id = ? AND outcome = ?",
                          events.get(outcome),
                          outcome.toUpperCase(java.util.Locale.ROOT))
                      .get(0)
                      .get("duration_ms"))
              .longValue();
      String name = "comptappart_delivery_duration_milliseconds";
      double sum = after.value(name + "_sum", label) - before.value(name + "_sum", label);
      if (outcome.equals("created")) {
        assertTrue(sum >= took, "created: the sum moved by " + sum + ", less than " + took);
      } else {
        assertEquals(
            (double) took, sum, outcome + ": the sum moved by the delivery log's duration");
      }
      double max = after.value(name + "_max", label);
      assertTrue(max >= took, outcome + " max " + max + " < " + took);
      double median = after.value(name, label + ".*quantile=\"0.5\"");
      double p99 = after.value(name, label + ".*quantile=\"0.99\"");
      assertTrue(0 <= median && median <= p99 && p99 <= max, median + " " + p99 + " " + max);
      double mean = after.value(name + "_mean", label);
      assertTrue(0 <= mean && mean <= max, outcome + " mean " + mean + ", max " + max);
    }
  }

  static String eventIdOf(byte[] body) {
    return eventId(Json.createReader(new java.io.ByteArrayInputStream(body)).readObject());
  }

  @Test
  void aPingIsRecordedAsAcknowledged() {
    assertEquals(200, post(ping(), "application/json").statusCode());

    List<Map<String, Object>> log = deliveriesOfThisTest();
    assertEquals(List.of("ACKNOWLEDGED"), log.stream().map(row -> row.get("outcome")).toList());
    assertEquals("ping", log.get(0).get("event_type"));
  }

  static byte[] ping() {
    return ("{\"event_type\":\"ping\",\"timestamp\":\"" + java.time.Instant.now() + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(JsonObject body) {
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void unhandledEventTypeIsParkedAnswered202AndKept() {
    JsonObject refund = with(fresh(), "/event_type", Json.createValue("order.refunded"));
    byte[] body = refund.toString().getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = post(body, "application/json");

    assertEquals(202, response.statusCode(), response.body());
    assertEquals(
        Json.createObjectBuilder().add("status", "stored_unprocessed").add("success", true).build(),
        json(response));
    assertEquals(0, StoredOrders.countByEventId(eventId(refund)));
    Map<String, Object> parked = deliveriesOfThisTest().get(0);
    assertEquals("PARKED", parked.get("outcome"));
    assertEquals("order.refunded", parked.get("event_type"));
    assertArrayEquals(body, (byte[]) parked.get("body"));
  }

  @Test
  void partnerCodeObservingAsynchronouslyGetsEachOrderOnceCommittedAndNotARolledBackOne()
      throws IOException {
    JsonObject stored = fresh();
    JsonObject rolledBack = fresh();
    Files.createFile(FAILURE_SWITCH);
    assertEquals(500, post(bytes(rolledBack), "application/json").statusCode());
    Files.delete(FAILURE_SWITCH);

    assertEquals(200, post(bytes(stored), "application/json").statusCode());

    assertTrue(
        Poll.until(
            Duration.ofSeconds(30), () -> Files.exists(PROVISIONED.resolve(eventId(stored)))),
        "the @ObservesAsync observer got the stored order");
    assertFalse(Files.exists(PROVISIONED.resolve(eventId(rolledBack))), "never a rolled-back one");
  }

  @Test
  void failingPartnerCodeRollsTheOrderBackAndTheRetryStoresItOnce() throws IOException {
    JsonObject order = fresh();
    byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
    Files.createFile(FAILURE_SWITCH);

    HttpResponse<String> failed = post(body, "application/json");

    assertError(failed, 500, "internal_error");
    assertEquals(0, StoredOrders.countByEventId(eventId(order)), "no half-processed order");
    Files.delete(FAILURE_SWITCH);
    HttpResponse<String> retry = post(body, "application/json");

    assertEquals(200, retry.statusCode(), retry.body());
    assertEquals("created", json(retry).getString("status"));
    assertEquals(1, StoredOrders.countByEventId(eventId(order)));
    assertEquals(
        List.of("FAILED", "CREATED"),
        deliveriesOfThisTest().stream().map(row -> row.get("outcome")).toList());
  }

  @Test
  void opsFindReadAndReplayADelivery() throws Exception {
    JsonObject order = fresh();
    byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
    Files.createFile(FAILURE_SWITCH);
    assertEquals(500, post(body, "application/json").statusCode());
    Files.delete(FAILURE_SWITCH);

    JsonArray found = ops("GET", "api/ops/deliveries?eventId=" + eventId(order)).asJsonArray();
    assertEquals(1, found.size());
    JsonObject failed = found.getJsonObject(0);
    assertEquals("FAILED", failed.getString("outcome"));
    long id = failed.getJsonNumber("id").longValue();
    assertEquals(
        new String(body, StandardCharsets.UTF_8),
        ops("GET", "api/ops/deliveries/" + id).asJsonObject().getString("body"));

    JsonObject replayed = ops("POST", "api/ops/deliveries/" + id + "/replay").asJsonObject();

    assertEquals("CREATED", replayed.getJsonObject("delivery").getString("outcome"));
    assertEquals(id, replayed.getJsonObject("delivery").getJsonNumber("replayOf").longValue());
    assertEquals("ops:" + OpsRealm.USER, replayed.getJsonObject("delivery").getString("userAgent"));
    assertEquals(1, StoredOrders.countByEventId(eventId(order)));
    JsonObject again = ops("POST", "api/ops/deliveries/" + id + "/replay").asJsonObject();
    assertEquals("ALREADY_PROCESSED", again.getJsonObject("delivery").getString("outcome"));
    assertEquals(1, StoredOrders.countByEventId(eventId(order)), "replay is idempotent");
  }

  @Test
  void opsListTheNewestDeliveriesOfOneOutcomeAndReplayAParkedOneButNotATruncatedOne()
      throws Exception {
    byte[] refund = bytes(with(fresh(), "/event_type", Json.createValue("order.refunded")));
    byte[] tooLarge = new byte[1_048_576 + 10];
    java.util.Arrays.fill(tooLarge, (byte) ' ');
    tooLarge[0] = '{';
    assertEquals(202, post(refund, "application/json").statusCode());
    assertEquals(
        202,
        post(
                bytes(with(fresh(), "/event_type", Json.createValue("order.disputed"))),
                "application/json")
            .statusCode());
    assertEquals(413, post(tooLarge, "application/json").statusCode());

    JsonArray parked = ops("GET", "api/ops/deliveries?outcome=PARKED&limit=2").asJsonArray();
    assertEquals(2, parked.size());
    assertEquals(
        List.of("PARKED", "PARKED"),
        parked.stream().map(d -> d.asJsonObject().getString("outcome")).toList());
    assertEquals(
        List.of("order.disputed", "order.refunded"),
        parked.stream().map(d -> d.asJsonObject().getString("eventType")).toList(),
        "newest first");
    JsonArray one = ops("GET", "api/ops/deliveries?outcome=PARKED&limit=1").asJsonArray();
    assertEquals(List.of(parked.get(0)), List.copyOf(one));

    long parkedId = parked.getJsonObject(1).getJsonNumber("id").longValue();
    JsonObject replayed = ops("POST", "api/ops/deliveries/" + parkedId + "/replay").asJsonObject();
    assertEquals("PARKED", replayed.getJsonObject("delivery").getString("outcome"));
    assertEquals(
        parkedId, replayed.getJsonObject("delivery").getJsonNumber("replayOf").longValue());

    long truncatedId =
        deliveriesOfThisTest().stream()
            .filter(row -> Integer.valueOf(413).equals(row.get("status_code")))
            .map(row -> ((Number) row.get("id")).longValue())
            .findFirst()
            .orElseThrow();
    HttpResponse<String> refused = opsCall("POST", "api/ops/deliveries/" + truncatedId + "/replay");
    assertError(refused, 409, "not_replayable");
  }

  @Test
  void opsFindAnOrderByItsOrderIdOrInvoiceNumberWithoutPersonalData() throws Exception {
    String invoice = "INV-IT-" + UUID.randomUUID();
    JsonObject created = with(fresh(), "/invoice/number", Json.createValue(invoice));
    JsonObject renewal =
        with(
            with(created, "/event_type", Json.createValue("order.renewed")),
            "/event_id",
            Json.createValue(eventId(created) + "_renewal"));
    long orderId = created.getJsonNumber("order_id").longValue();
    assertEquals(
        200,
        post(created.toString().getBytes(StandardCharsets.UTF_8), "application/json").statusCode());
    assertEquals(
        200,
        post(renewal.toString().getBytes(StandardCharsets.UTF_8), "application/json").statusCode());

    JsonArray byOrderId = ops("GET", "api/ops/orders?orderId=" + orderId).asJsonArray();
    JsonArray byInvoice = ops("GET", "api/ops/orders?invoiceNumber=" + invoice).asJsonArray();

    assertEquals(
        List.of(eventId(created), eventId(renewal)),
        byOrderId.stream().map(o -> o.asJsonObject().getString("eventId")).toList());
    assertEquals(
        List.of("order.created", "order.renewed"),
        byOrderId.stream().map(o -> o.asJsonObject().getString("eventType")).toList());
    assertEquals(byOrderId, byInvoice);
    JsonObject first = byOrderId.getJsonObject(0);
    assertEquals(
        created.getJsonObject("order").getJsonNumber("total_amount").bigDecimalValue(),
        first.getJsonNumber("totalAmount").bigDecimalValue());
    assertEquals(
        created.getJsonObject("order").getJsonArray("products").size(),
        first.getInt("productLines"));
    JsonObject customer = created.getJsonObject("customer");
    for (String personal : List.of("first_name", "last_name", "email", "phone")) {
      assertFalse(
          byOrderId.toString().contains(customer.getString(personal)),
          "no " + personal + " in the order view");
    }
    JsonArray deliveries = ops("GET", first.getString("deliveries").substring(1)).asJsonArray();
    assertEquals("CREATED", deliveries.getJsonObject(0).getString("outcome"));
    assertEquals(0, ops("GET", "api/ops/orders?orderId=-1").asJsonArray().size());
  }

  @Test
  void anOrderLookupWithoutOrderIdOrInvoiceNumberIsRefused() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.toURI().resolve("api/ops/orders"))
                    .timeout(java.time.Duration.ofSeconds(30))
                    .header("Authorization", OpsRealm.basic(OpsRealm.USER, OpsRealm.PASSWORD))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertError(response, 400, "order_lookup_without_key");
  }

  @Test
  void opsCallsNeedAnOpsUserOfTheServerRealm() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI deliveries = base.toURI().resolve("api/ops/deliveries");

    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(deliveries).timeout(java.time.Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrongPassword =
        http.send(
            HttpRequest.newBuilder(deliveries)
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Authorization", OpsRealm.basic(OpsRealm.USER, "wrong"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> notInOps =
        http.send(
            HttpRequest.newBuilder(deliveries)
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Authorization", OpsRealm.basic(OpsRealm.OUTSIDER, OpsRealm.PASSWORD))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertError(anonymous, 401, "unauthorized");
    assertEquals(
        "Basic realm=\"file\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
    assertError(wrongPassword, 401, "unauthorized");
    assertError(notInOps, 403, "forbidden");
  }

  jakarta.json.JsonValue ops(String method, String path) throws Exception {
    HttpResponse<String> response = opsCall(method, path);
    assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
    return Json.createReader(new StringReader(response.body())).readValue();
  }

  HttpResponse<String> opsCall(String method, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.toURI().resolve(path))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Authorization", OpsRealm.basic(OpsRealm.USER, OpsRealm.PASSWORD))
                .header("X-Requested-By", "it-ops")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
