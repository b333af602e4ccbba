package com.partner.comptappart.webhook.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.Notifications.fresh;
import static com.partner.comptappart.it.Notifications.with;
import static com.partner.comptappart.it.Notifications.without;
import static com.partner.comptappart.it.WebhookClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhook as ComptAppart's notifier sees it, against a real Payara Micro and PostgreSQL. */
@ExtendWith(ArquillianExtension.class)
class OrderWebhookIT {

  @Deployment(testable = false)
  static WebArchive receiver() {
    return ReceiverDeployment.withApiKeys();
  }

  @ArquillianResource URL base;

  WebhookClient sender;

  @BeforeEach
  void connect() {
    sender = new WebhookClient(base, ReceiverDeployment.API_KEY);
  }

  @Test
  void contractExampleIsStoredFieldByField() {
    byte[] example = Notifications.contractExampleBytes();
    Instant before = Instant.now();

    HttpResponse<String> response = sender.post(example);

    Instant after = Instant.now();
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        Json.createObjectBuilder()
            .add("success", true)
            .add("status", "created")
            .add("order_id", 1207)
            .build(),
        json(response));

    Map<String, Object> order = StoredOrders.order("evt_3PqA9sLkT2mBv7Xc1Rz0NdWe");
    assertEquals("order.created", order.get("event_type"));
    assertEquals(1207L, order.get("order_id"));
    assertEquals(utc("2026-03-14T09:21:05Z"), order.get("event_timestamp"));
    OffsetDateTime receivedAt = (OffsetDateTime) order.get("received_at");
    assertTrue(
        !receivedAt.toInstant().isBefore(before.minusMillis(1))
            && !receivedAt.toInstant().isAfter(after),
        "received_at " + receivedAt);
    assertEquals("test", order.get("environment"));
    assertEquals("Claire", order.get("first_name"));
    assertEquals("Moreau", order.get("last_name"));
    assertEquals("claire.moreau@example.org", order.get("email"));
    assertEquals("+33611223344", order.get("phone"));
    assertEquals("129.0", ((BigDecimal) order.get("total_amount")).toPlainString());
    assertEquals("EUR", order.get("currency"));
    assertEquals(utc("2026-03-14T09:21:05Z"), order.get("payment_date"));
    assertEquals("FQCA-2026-001207", order.get("invoice_number"));
    assertEquals(
        "https://documents.example-bucket.s3.eu-west-3.amazonaws.com/partner_invoices/invoice_1207.pdf",
        order.get("invoice_pdf_url"));
    assertArrayEquals(example, (byte[]) order.get("raw_body"));

    List<Map<String, Object>> lines = StoredOrders.productLines("evt_3PqA9sLkT2mBv7Xc1Rz0NdWe");
    assertEquals(1, lines.size());
    assertEquals("prod_Tx81LmQa0Zc9Rb", lines.get(0).get("product_id"));
    assertEquals("Déclaration LMNP - Formule Sérénité", lines.get(0).get("product_name"));
    assertEquals(1, lines.get(0).get("quantity"));
    assertEquals("107.5", ((BigDecimal) lines.get(0).get("unit_price")).toPlainString());

    List<Map<String, Object>> fields = StoredOrders.customFields("evt_3PqA9sLkT2mBv7Xc1Rz0NdWe");
    assertEquals(1, fields.size());
    assertEquals("anneedeladeclaration", fields.get(0).get("field_key"));
    assertEquals("Année de la déclaration", fields.get(0).get("label"));
    assertEquals("2025", fields.get(0).get("field_value"));
  }

  @Test
  void amountsAreKeptExactlyAndTimesInUtc() {
    JsonObject body = fresh();
    body = with(body, "/order/total_amount", Json.createValue(new BigDecimal("99.99")));
    body =
        with(
            body,
            "/order/products/0/unit_price",
            Json.createValue(new BigDecimal("0.30000000000000004")));
    body = with(body, "/timestamp", Json.createValue("2026-03-14T11:21:05+02:00"));
    body = with(body, "/order/payment_date", Json.createValue("2026-03-14T09:21:05.123456Z"));

    assertEquals(200, sender.post(body.toString()).statusCode());

    Map<String, Object> order = StoredOrders.order(eventId(body));
    assertEquals("99.99", ((BigDecimal) order.get("total_amount")).toPlainString());
    assertEquals(utc("2026-03-14T09:21:05Z"), order.get("event_timestamp"));
    assertEquals(utc("2026-03-14T09:21:05.123456Z"), order.get("payment_date"));
    assertEquals(
        "0.30000000000000004",
        ((BigDecimal) StoredOrders.productLines(eventId(body)).get(0).get("unit_price"))
            .toPlainString());
  }

  @Test
  void retryOfADeliveredEventIsAnsweredAlreadyProcessedAndChangesNothing() {
    JsonObject body = fresh();
    assertEquals("created", json(sender.post(body.toString())).getString("status"));
    Map<String, Object> first = StoredOrders.order(eventId(body));

    HttpResponse<String> retry = sender.post(body.toString());

    assertEquals(200, retry.statusCode());
    assertEquals("already_processed", json(retry).getString("status"));
    assertEquals(
        body.getJsonNumber("order_id").longValue(),
        json(retry).getJsonNumber("order_id").longValue());
    assertEquals(1, StoredOrders.countByEventId(eventId(body)));
    assertEquals(first.get("received_at"), StoredOrders.order(eventId(body)).get("received_at"));
  }

  @Test
  void sameOrderUnderANewEventIdIsAlreadyProcessed() {
    JsonObject body = fresh();
    assertEquals(200, sender.post(body.toString()).statusCode());
    JsonObject resent = with(body, "/event_id", Json.createValue(eventId(body) + "_resent"));

    HttpResponse<String> response = sender.post(resent.toString());

    assertEquals(200, response.statusCode());
    assertEquals("already_processed", json(response).getString("status"));
    assertEquals(1, StoredOrders.countByOrderId(body.getJsonNumber("order_id").longValue()));
    assertEquals(0, StoredOrders.countByEventId(eventId(resent)));
  }

  @Test
  void thirtySimultaneousCopiesOfOneEventStoreOneOrder() throws Exception {
    String body = fresh().toString();
    ExecutorService senders = Executors.newFixedThreadPool(30);
    try {
      List<Callable<HttpResponse<String>>> copies =
          java.util.Collections.nCopies(30, () -> sender.post(body));
      List<HttpResponse<String>> responses = new java.util.ArrayList<>();
      for (Future<HttpResponse<String>> copy : senders.invokeAll(copies)) {
        responses.add(copy.get());
      }
      assertTrue(
          responses.stream().allMatch(response -> response.statusCode() == 200),
          () ->
              responses.stream()
                  .map(r -> r.statusCode() + " " + r.body())
                  .collect(Collectors.joining("\n")));
      Map<String, Long> statuses =
          responses.stream()
              .collect(
                  Collectors.groupingBy(r -> json(r).getString("status"), Collectors.counting()));
      assertEquals(Map.of("created", 1L, "already_processed", 29L), statuses);
      assertEquals(
          1,
          StoredOrders.countByEventId(
              eventId(Json.createReader(new StringReader(body)).readObject())));
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void customFieldsMayBeAbsentNullOrEmptyAndUnknownFieldsAreKeptRawOnly() {
    for (JsonValue customFields :
        new JsonValue[] {null, JsonValue.NULL, JsonValue.EMPTY_JSON_ARRAY}) {
      JsonObject body = fresh();
      body =
          customFields == null
              ? without(body, "/order/custom_fields")
              : with(body, "/order/custom_fields", customFields);
      body = with(body, "/order/unknown_extension", Json.createValue("kept"));

      assertEquals(200, sender.post(body.toString()).statusCode(), String.valueOf(customFields));

      assertEquals(0, StoredOrders.customFields(eventId(body)).size());
      String raw =
          new String(
              (byte[]) StoredOrders.order(eventId(body)).get("raw_body"),
              java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(raw.contains("unknown_extension"));
    }
  }

  @Test
  void missingOrWrongApiKeyIs401AndStoresNothing() {
    JsonObject body = fresh();

    HttpResponse<String> missing = new WebhookClient(base, null).post(body.toString());
    HttpResponse<String> wrong = new WebhookClient(base, "x".repeat(40)).post(body.toString());

    assertError(missing, 401, "missing_api_key");
    assertError(wrong, 401, "invalid_api_key");
    assertEquals(0, StoredOrders.countByEventId(eventId(body)));
  }

  @Test
  void secondConfiguredKeyIsAccepted() {
    JsonObject body = fresh();

    HttpResponse<String> response =
        new WebhookClient(base, ReceiverDeployment.SECOND_API_KEY).post(body.toString());

    assertEquals(200, response.statusCode());
    assertEquals(1, StoredOrders.countByEventId(eventId(body)));
  }

  @Test
  void wrongContentTypeIs415() {
    String body = fresh().toString();
    for (String type :
        new String[] {
          "text/plain", "application/x-www-form-urlencoded", "application/json; charset=ISO-8859-1"
        }) {
      HttpResponse<String> response =
          sender.send(
              sender
                  .request()
                  .setHeader("Content-Type", type)
                  .POST(HttpRequest.BodyPublishers.ofString(body)));
      assertError(response, 415, "unsupported_media_type");
    }
    assertEquals(
        0,
        StoredOrders.countByEventId(
            eventId(Json.createReader(new StringReader(body)).readObject())));
  }

  @Test
  void unreadableBodiesAre400() {
    assertError(sender.post(new byte[0]), 400, "empty_body");
    assertError(sender.post("{\"event_type\": \"order.created\", "), 400, "malformed_json");
    assertError(
        sender.post(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}),
        400,
        "invalid_encoding");
    assertError(sender.post("[1, 2, 3]"), 400, "not_an_object");
    assertError(sender.post("\"order\""), 400, "not_an_object");
  }

  @Test
  void missingAndMistypedFieldsAreEachNamed() {
    JsonObject body = fresh();
    long orderId = body.getJsonNumber("order_id").longValue();
    body = without(body, "/event_id");
    body = with(body, "/order_id", Json.createValue("1207"));
    body = with(body, "/timestamp", Json.createValue("2026-03-14T09:21:05"));
    body = without(body, "/customer/email");
    body = with(body, "/order/currency", Json.createValue("EURO"));
    body = with(body, "/order/products/0/quantity", Json.createValue(0));
    body = with(body, "/order/products/0/unit_price", Json.createValue("107.5"));
    body = without(body, "/invoice/number");
    body = with(body, "/invoice/pdf_url", Json.createValue("not a url"));

    HttpResponse<String> response = sender.post(body.toString());

    assertError(response, 400, "invalid_notification");
    Set<String> fields =
        json(response).getJsonArray("violations").getValuesAs(JsonObject.class).stream()
            .map(violation -> violation.getString("field"))
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "event_id",
            "order_id",
            "timestamp",
            "customer.email",
            "order.currency",
            "order.products[0].quantity",
            "order.products[0].unit_price",
            "invoice.number",
            "invoice.pdf_url"),
        fields);
    assertEquals(0, StoredOrders.countByOrderId(orderId));
  }

  @Test
  void bodyOverTheLimitIs413() {
    JsonObject body = with(fresh(), "/order/padding", Json.createValue("x".repeat(1_100_000)));

    assertError(sender.post(body.toString()), 413, "payload_too_large");
    HttpResponse<String> chunked =
        sender.send(
            sender
                .request()
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body.toString().getBytes()))));
    assertError(chunked, 413, "payload_too_large");
    assertEquals(0, StoredOrders.countByEventId(eventId(body)));
  }

  @Test
  void otherMethodsAre405() {
    for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
      HttpRequest.BodyPublisher body =
          method.startsWith("P")
              ? HttpRequest.BodyPublishers.ofString("{}")
              : HttpRequest.BodyPublishers.noBody();
      HttpResponse<String> response = sender.send(sender.request().method(method, body));
      assertError(response, 405, "method_not_allowed");
    }
  }

  @Test
  void theServersApiDescriptionIsTheContractsDocument() throws Exception {
    HttpResponse<String> served =
        java.net.http.HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.toURI().resolve("/openapi"))
                    .header("Accept", "application/json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, served.statusCode(), served.body());
    var parsed = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(served.body(), null, null);
    // Payara adds one attribute of its own beside the standard ones: "endpoints".
    assertEquals(List.of("attribute endpoints is unexpected"), parsed.getMessages());
    var api = parsed.getOpenAPI();
    assertEquals("ComptAppart order receiver", api.getInfo().getTitle());
    // Every path of the document the WAR ships, and no other.
    var shipped =
        new io.swagger.v3.parser.OpenAPIV3Parser()
            .read(java.nio.file.Path.of("src/main/resources/META-INF/openapi.yaml").toString());
    assertEquals(shipped.getPaths().keySet(), api.getPaths().keySet());
    assertTrue(api.getPaths().keySet().contains("/api/ops/handler-runs/{id}/run"));
    var receive = api.getPaths().get("/api/comptappart/orders").getPost();
    assertEquals("receiveNotification", receive.getOperationId());
    assertEquals(
        "#/components/schemas/Notification",
        receive.getRequestBody().getContent().get("application/json").getSchema().get$ref());
    assertTrue(api.getComponents().getSchemas().containsKey("OrderNotification"));
    assertEquals(
        Set.of("apiKey", "qlowerSignature", "ops"),
        api.getComponents().getSecuritySchemes().keySet());
  }

  static void assertError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        response.headers().toString());
    JsonObject error = json(response);
    assertEquals(code, error.getString("error"), response.body());
    assertTrue(!error.getString("message").isBlank());
    assertTrue(error.containsKey("violations"));
  }

  static OffsetDateTime utc(String instant) {
    return Instant.parse(instant).atOffset(ZoneOffset.UTC);
  }
}
