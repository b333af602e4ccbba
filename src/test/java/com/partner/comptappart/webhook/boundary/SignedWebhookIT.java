package com.partner.comptappart.webhook.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.Notifications.with;
import static com.partner.comptappart.it.WebhookClient.json;
import static com.partner.comptappart.webhook.boundary.OrderWebhookIT.assertError;
import static com.partner.comptappart.webhook.boundary.OrderWebhookIT.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.SenderSignature;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Contract revision 2.2 end to end: signed deliveries, renewals, coverage, tiers and ping. */
@ExtendWith(ArquillianExtension.class)
class SignedWebhookIT {

  static final String OLD_SECRET = "whsec_it_old_5b0c9d2e7f";
  static final String NEW_SECRET = "whsec_it_new_81a4f6c3d0";

  /**
   * Not the contract's 300 s default, so that the test proves the server reads the setting through
   * MicroProfile Config (the default's edges: DeliverySignaturesTest).
   */
  static final int TOLERANCE_SECONDS = 120;

  @Deployment(testable = false)
  static WebArchive receiverWithSigningSecrets() {
    return ReceiverDeployment.withConfig(
        "comptappart.signing-secrets",
        OLD_SECRET + "," + NEW_SECRET,
        "comptappart.signature-tolerance",
        String.valueOf(TOLERANCE_SECONDS));
  }

  @ArquillianResource URL base;

  WebhookClient sender;

  @BeforeEach
  void connect() {
    sender = new WebhookClient(base, null);
  }

  /** The signature as the sender's guide defines it. */
  static String signature(String secret, long t, byte[] body) {
    return SenderSignature.header(secret, t, body);
  }

  HttpResponse<String> post(byte[] body, String signatureHeader) {
    HttpRequest.Builder request =
        sender.request().POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signatureHeader != null) {
      request.header("X-Qlower-Signature", signatureHeader);
    }
    return sender.send(request);
  }

  /** Signed with our clock shifted by {@code offsetSeconds}, read right before sending. */
  HttpResponse<String> postSignedAt(long offsetSeconds, JsonObject body) {
    byte[] bytes = bytes(body);
    return post(
        bytes, signature(NEW_SECRET, Instant.now().getEpochSecond() + offsetSeconds, bytes));
  }

  HttpResponse<String> postSigned(String secret, byte[] body) {
    return post(body, signature(secret, Instant.now().getEpochSecond(), body));
  }

  static JsonObject revision22Example() {
    try (var in =
        SignedWebhookIT.class.getResourceAsStream("/notifications/contract-2.2-example.json")) {
      JsonObject example =
          Json.createReader(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
              .readObject();
      return Notifications.fresh(example);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void revision22OrderIsStoredFieldByField() {
    JsonObject body = revision22Example();
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = postSigned(NEW_SECRET, bytes);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("created", json(response).getString("status"));
    String eventId = eventId(body);
    Map<String, Object> order = StoredOrders.order(eventId);
    assertEquals(utc("2026-04-02T14:05:37Z"), order.get("event_timestamp"));
    assertEquals(utc("2026-04-02T14:05:36Z"), order.get("payment_date"));
    assertEquals(true, order.get("is_subscription"));
    assertEquals("Facture-FQCA-2026-002318.pdf", order.get("invoice_pdf_filename"));
    assertEquals(
        2, ((Number) order.get("signature_secret")).intValue(), "verified by the 2nd secret");
    assertEquals(
        List.of(2),
        StoredOrders.rows("SELECT signature_secret FROM delivery WHERE event_id = ?", eventId)
            .stream()
            .map(row -> ((Number) row.get("signature_secret")).intValue())
            .toList(),
        "the delivery log says which secret verified the delivery");
    assertEquals("238.8", ((BigDecimal) order.get("total_amount")).toPlainString());

    Map<String, Object> line = StoredOrders.productLines(eventId).get(0);
    assertEquals("199.0", ((BigDecimal) line.get("amount")).toPlainString());
    List<Map<String, Object>> tiers =
        StoredOrders.rows(
            "SELECT t.* FROM price_tier t JOIN product_line p ON p.id = t.product_line_id"
                + " JOIN customer_order o ON o.id = p.customer_order_id WHERE o.event_id = ?"
                + " ORDER BY t.tier_number",
            eventId);
    assertEquals(2, tiers.size());
    assertEquals("Bien 1 à 2", tiers.get(0).get("description"));
    assertEquals(2, tiers.get(0).get("quantity"));
    assertEquals("74.5", ((BigDecimal) tiers.get(0).get("unit_price")).toPlainString());
    assertEquals("149.0", ((BigDecimal) tiers.get(0).get("amount")).toPlainString());
    assertEquals("Bien 3 et plus", tiers.get(1).get("description"));

    List<Map<String, Object>> coverage =
        StoredOrders.rows(
            "SELECT c.* FROM covered_year c JOIN customer_order o ON o.id = c.customer_order_id"
                + " WHERE o.event_id = ? ORDER BY c.entry_number",
            eventId);
    assertEquals(3, coverage.size());
    assertEquals(2025, coverage.get(0).get("fiscal_year"));
    assertEquals("PRT-00412", coverage.get(0).get("property_external_id"));
    assertEquals("Studio Lyon 3e", coverage.get(0).get("property_name"));
    assertEquals(false, coverage.get(0).get("new_property"));
    assertEquals(false, coverage.get(1).get("new_property"));
    assertEquals("qlw_7Hc2mQ9x", coverage.get(2).get("property_external_id"));
    assertEquals(true, coverage.get(2).get("new_property"));
  }

  @Test
  void renewalOfAStoredOrderIsStoredUnderItsOwnEventAndDeduplicatedOnlyByIt() {
    JsonObject created = revision22Example();
    assertEquals(200, postSigned(NEW_SECRET, bytes(created)).statusCode());
    JsonObject renewal =
        with(
            with(created, "/event_type", Json.createValue("order.renewed")),
            "/event_id",
            Json.createValue(eventId(created) + "_renewal_2026"));

    HttpResponse<String> first = postSigned(NEW_SECRET, bytes(renewal));
    HttpResponse<String> retry = postSigned(NEW_SECRET, bytes(renewal));

    assertEquals("created", json(first).getString("status"), first.body());
    assertEquals("already_processed", json(retry).getString("status"));
    assertEquals(2, StoredOrders.countByOrderId(created.getJsonNumber("order_id").longValue()));
    assertEquals("order.renewed", StoredOrders.order(eventId(renewal)).get("event_type"));
  }

  @Test
  void pingIsAcknowledgedAndStoresNothing() {
    byte[] ping =
        ("{\"event_type\":\"ping\",\"timestamp\":\"" + Instant.now() + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = postSigned(OLD_SECRET, ping);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        Json.createObjectBuilder().add("status", "acknowledged").add("success", true).build(),
        json(response));
    assertEquals(0, StoredOrders.countStoredFrom(List.of(ping)), "a ping stores no order");
  }

  @Test
  void oldSecretIsStillAcceptedDuringARotation() {
    JsonObject body = revision22Example();

    assertEquals(200, postSigned(OLD_SECRET, bytes(body)).statusCode());
    assertEquals(
        1, ((Number) StoredOrders.order(eventId(body)).get("signature_secret")).intValue());
  }

  @Test
  void timestampsJustInsideTheToleranceAreAcceptedJustOutsideRefused() {
    JsonObject past = revision22Example();
    JsonObject future = revision22Example();
    JsonObject tooOld = revision22Example();
    JsonObject tooNew = revision22Example();

    // Each signed just before it is sent, 10 s inside or outside the configured tolerance: margins
    // a loaded machine keeps (the exact edges: DeliverySignaturesTest, on a clock it controls).
    int inside = TOLERANCE_SECONDS - 10;
    int outside = TOLERANCE_SECONDS + 10;
    assertEquals(200, postSignedAt(-inside, past).statusCode());
    assertEquals(200, postSignedAt(+inside, future).statusCode());
    assertError(postSignedAt(-outside, tooOld), 401, "signature_expired");
    assertError(postSignedAt(+outside, tooNew), 401, "signature_expired");
    assertEquals(0, StoredOrders.countByEventId(eventId(tooOld)));
    assertEquals(0, StoredOrders.countByEventId(eventId(tooNew)));
  }

  @Test
  void reserialisedJsonIsRefusedBecauseTheSignatureCoversTheExactBytes() {
    JsonObject body = revision22Example();
    String signed = signature(NEW_SECRET, Instant.now().getEpochSecond(), bytes(body));
    byte[] prettyPrinted = body.toString().replace(",\"", ", \"").getBytes(StandardCharsets.UTF_8);

    assertError(post(prettyPrinted, signed), 401, "signature_mismatch");
    assertEquals(0, StoredOrders.countByEventId(eventId(body)));
  }

  @Test
  void missingOrUnreadableSignatureIs401BeforeAnyParsing() {
    byte[] notJson = "not json at all".getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();

    assertError(post(notJson, null), 401, "signature_missing");
    assertError(post(notJson, "t=yesterday,v1=abc"), 401, "signature_malformed");
    assertError(post(notJson, signature("whsec_forged", now, notJson)), 401, "signature_mismatch");
    assertEquals(400, post(notJson, signature(NEW_SECRET, now, notJson)).statusCode());
  }

  @Test
  void headerVariantsAreAccepted() {
    JsonObject body = revision22Example();
    String header = signature(NEW_SECRET, Instant.now().getEpochSecond(), bytes(body));
    String spaced = header.replace(",", " , ").replace("=", " = ");
    String twoSignatures = header + ",v1=" + "ab".repeat(32);

    HttpResponse<String> first = post(bytes(body), spaced);
    HttpResponse<String> second = post(bytes(body), twoSignatures);

    assertEquals("created", json(first).getString("status"), first.body());
    assertEquals("already_processed", json(second).getString("status"), second.body());
    assertFalse(first.body().contains(NEW_SECRET));
  }

  static byte[] bytes(JsonObject body) {
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }
}
