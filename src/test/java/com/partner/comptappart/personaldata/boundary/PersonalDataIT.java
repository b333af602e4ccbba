package com.partner.comptappart.personaldata.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OpsClient;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A buyer's personal data erased on request, in every table, while the other buyers and what
 * accounting keeps stay; and handed over on request.
 */
@ExtendWith(ArquillianExtension.class)
class PersonalDataIT {

  @Deployment(testable = false)
  static WebArchive receiver() {
    return ReceiverDeployment.withConfig(
        "comptappart.api-keys",
        ReceiverDeployment.API_KEY + "," + ReceiverDeployment.SECOND_API_KEY,
        "comptappart.erasure.kept-fields",
        " tax_number ",
        "comptappart.personal-data.hash-salt",
        HASH_SALT);
  }

  /** This environment's salt: an erasure record's hash is under it, not the built-in one. */
  static final String HASH_SALT = "it-salt-5b0e2f7c91d4a683";

  @ArquillianResource URL base;
  WebhookClient sender;
  OpsClient ops;

  @BeforeEach
  void connect() {
    sender = new WebhookClient(base, ReceiverDeployment.API_KEY);
    ops = new OpsClient(base);
  }

  static String hmacSha256(String key, String text) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    return java.util.HexFormat.of()
        .formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** A buyer whose every personal field is found nowhere else in the database. */
  record Buyer(String firstName, String lastName, String email, String phone) {
    static Buyer distinct(int i) {
      String mark = UUID.randomUUID().toString().substring(0, 8);
      return new Buyer(
          "Prenom" + mark,
          "Nomdefamille" + mark,
          "acheteur." + mark + "." + i + "@example.test",
          "+3361" + Math.abs(mark.hashCode() % 10_000_000));
    }

    List<String> fields() {
      return List.of(firstName, lastName, email, phone);
    }
  }

  JsonObject orderOf(Buyer buyer) {
    return Notifications.with(
        Notifications.fresh(),
        "/customer",
        Json.createObjectBuilder()
            .add("first_name", buyer.firstName)
            .add("last_name", buyer.lastName)
            .add("email", buyer.email)
            .add("phone", buyer.phone)
            .build());
  }

  @Test
  void oneBuyerAmongTwentyIsErasedEverywhereAndAccountingKeepsItsRecords() throws Exception {
    List<Buyer> buyers = new ArrayList<>();
    Map<String, JsonObject> orders = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      Buyer buyer = Buyer.distinct(i);
      buyers.add(buyer);
      JsonObject order = orderOf(buyer);
      assertEquals(200, sender.post(order.toString()).statusCode());
      orders.put(buyer.email, order);
    }
    Buyer erased = buyers.get(0);
    JsonObject second = orderOf(erased);
    assertEquals(200, sender.post(second.toString()).statusCode());
    // A refused delivery whose body holds the buyer: kept in the delivery log until the erasure.
    JsonObject refused =
        Notifications.with(orderOf(erased), "/order/total_amount", Json.createValue(-1));
    assertEquals(400, sender.post(refused.toString()).statusCode());
    assertTrue(hitsEverywhere(erased.email) >= 3, "stored before the erasure");

    HttpResponse<byte[]> answer =
        ops.post(
            "api/ops/erasures",
            Json.createObjectBuilder()
                .add("email", "  " + erased.email.toUpperCase(Locale.ROOT) + " ")
                .build()
                .toString());

    assertEquals(200, answer.statusCode(), OpsClient.text(answer));
    JsonObject result = (JsonObject) OpsClient.json(answer);
    assertEquals("erased", result.getString("status"));
    assertEquals(2, result.getInt("ordersErased"));
    assertEquals(3, result.getInt("deliveryBodiesRemoved"), "two orders' and the refused one");
    for (String field : erased.fields()) {
      assertEquals(0, hitsEverywhere(field), field + " left somewhere");
    }
    for (Buyer other : buyers.subList(1, 20)) {
      assertEquals(
          1,
          StoredOrders.count(
              "select count(*) from customer_order where first_name = ? and last_name = ?"
                  + " and email = ? and phone = ? and raw_body is not null"
                  + " and personal_data_erased_at is null",
              other.firstName,
              other.lastName,
              other.email,
              other.phone),
          "another buyer untouched");
      assertEquals(
          1,
          StoredOrders.count(
              "select count(*) from delivery where encode(body, 'escape') like ?",
              "%" + other.email + "%"),
          "another buyer's delivery body kept");
    }
    for (JsonObject order : List.of(orders.get(erased.email), second)) {
      Map<String, Object> kept = StoredOrders.order(Notifications.eventId(order));
      assertEquals(
          new BigDecimal(order.getJsonObject("order").get("total_amount").toString()),
          kept.get("total_amount"));
      assertEquals(order.getJsonObject("invoice").getString("number"), kept.get("invoice_number"));
      assertEquals("[erased]", kept.get("email"));
      assertEquals(null, kept.get("raw_body"));
    }
    List<Map<String, Object>> record =
        StoredOrders.rows(
            "select erased_by, orders_erased, delivery_bodies_removed, email_hash from erasure"
                + " where erased_at > now() - interval '1 minute' order by id desc limit 1");
    assertEquals("it-ops", record.get(0).get("erased_by"));
    assertEquals(
        hmacSha256(HASH_SALT, erased.email.toLowerCase(Locale.ROOT)),
        record.get(0).get("email_hash"),
        "HMAC-SHA256 of the e-mail as written (trimmed, lower case) under the configured salt");

    JsonObject again =
        (JsonObject)
            OpsClient.json(
                ops.post(
                    "api/ops/erasures",
                    Json.createObjectBuilder().add("email", erased.email).build().toString()));
    assertEquals("already_erased", again.getString("status"));

    // The sender retries an erased event: answered as processed, and its body is not kept.
    HttpResponse<String> retry = sender.post(second.toString());
    assertEquals(200, retry.statusCode());
    assertEquals("already_processed", WebhookClient.json(retry).getString("status"));
    for (String field : erased.fields()) {
      assertEquals(0, hitsEverywhere(field), field + " brought back by a retry");
    }
  }

  /** An erasure limited to one order ({@code orderId}) leaves the buyer's others; none: none. */
  @Test
  void anErasureOfOneOrderLeavesTheBuyersOtherOrdersAndAnUnknownBuyerIsNothingHeld() {
    Buyer buyer = Buyer.distinct(11);
    JsonObject first = orderOf(buyer);
    JsonObject other = orderOf(buyer);
    assertEquals(200, sender.post(first.toString()).statusCode());
    assertEquals(200, sender.post(other.toString()).statusCode());

    JsonObject one =
        erasure(
            Json.createObjectBuilder()
                .add("email", buyer.email)
                .add("orderId", first.getJsonNumber("order_id").longValue()));
    JsonObject unknown = erasure(Json.createObjectBuilder().add("email", "nobody." + buyer.email));

    assertEquals("erased", one.getString("status"));
    assertEquals(1, one.getInt("ordersErased"));
    assertEquals("[erased]", StoredOrders.order(Notifications.eventId(first)).get("email"));
    assertEquals(buyer.email, StoredOrders.order(Notifications.eventId(other)).get("email"));
    assertEquals("nothing_held", unknown.getString("status"));
    assertEquals(0, unknown.getInt("ordersErased"));
  }

  JsonObject erasure(jakarta.json.JsonObjectBuilder request) {
    HttpResponse<byte[]> answer = ops.post("api/ops/erasures", request.build().toString());
    assertEquals(200, answer.statusCode(), OpsClient.text(answer));
    return (JsonObject) OpsClient.json(answer);
  }

  /**
   * Custom fields are free text the buyer types: erased (key and label kept), but for the keys
   * accounting keeps ({@code comptappart.erasure.kept-fields}).
   */
  @Test
  void erasureErasesCustomFieldValuesButThoseAccountingKeeps() {
    Buyer buyer = Buyer.distinct(7);
    JsonObject order =
        Notifications.with(
            orderOf(buyer),
            "/order/custom_fields",
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("key", "note")
                        .add("label", "Note")
                        .add("value", "written by Claire " + buyer.lastName))
                .add(
                    Json.createObjectBuilder()
                        .add("key", "tax_number")
                        .add("label", "Tax number")
                        .add("value", "FR-TAX-" + buyer.phone))
                .build());
    assertEquals(200, sender.post(order.toString()).statusCode());

    HttpResponse<byte[]> answer =
        ops.post(
            "api/ops/erasures",
            Json.createObjectBuilder().add("email", buyer.email).build().toString());

    assertEquals(200, answer.statusCode(), OpsClient.text(answer));
    assertEquals(0, hitsEverywhere(buyer.lastName), "the buyer's name left in a custom field");
    List<Map<String, Object>> fields = StoredOrders.customFields(Notifications.eventId(order));
    assertEquals(
        List.of("note=[erased]", "tax_number=FR-TAX-" + buyer.phone),
        fields.stream().map(f -> f.get("field_key") + "=" + f.get("field_value")).toList());
    assertEquals(List.of("Note", "Tax number"), fields.stream().map(f -> f.get("label")).toList());
  }

  /**
   * Second security review, finding 3: the e-mail written with JSON escapes, with an accent, in
   * another case or Unicode form, and the buyer's name in the invoice's file name.
   */
  @Test
  void anEmailWrittenWithEscapesOrAccentsIsFoundAndErasedEverywhere() {
    String mark = UUID.randomUUID().toString().substring(0, 8);
    String email = "zo\u00e9.martin" + mark + "@example.org";
    Buyer buyer = new Buyer("Zo\u00e9" + mark, "Martin" + mark, email, "+33612" + mark.hashCode());
    JsonObject order =
        Notifications.with(
            orderOf(buyer),
            "/invoice/pdf_filename",
            Json.createValue("Facture_Zoe_Martin" + mark + ".pdf"));
    // As a sender that escapes: "@" and "é" written as \\u escapes in the JSON text.
    String escaped =
        order.toString().replace(email, "zo\\u00e9.martin" + mark + "\\u0040example.org");
    assertEquals(200, sender.post(escaped).statusCode());
    // A refused body holding it in another case (kept in the delivery log until the erasure).
    JsonObject refused =
        Notifications.with(
            Notifications.with(orderOf(buyer), "/order/total_amount", Json.createValue(-1)),
            "/customer/email",
            Json.createValue("Zo\u00e9.Martin" + mark + "@Example.org"));
    assertEquals(400, sender.post(refused.toString()).statusCode());
    // A parked event, the "@" escaped.
    String parked =
        "{\"event_type\":\"order.refunded\",\"event_id\":\"evt_refund_"
            + UUID.randomUUID()
            + "\",\"customer\":{\"email\":\"zo\\u00e9.martin"
            + mark
            + "\\u0040example.org\"}}";
    assertEquals(202, sender.post(parked).statusCode());

    // The request names the buyer decomposed ("e" + accent) and in capitals.
    String asked = "ZOE\u0301.MARTIN" + mark.toUpperCase(Locale.ROOT) + "@EXAMPLE.ORG";
    JsonObject held =
        (JsonObject)
            OpsClient.json(
                ops.get(
                    "api/ops/personal-data?email="
                        + java.net.URLEncoder.encode(
                            asked, java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals(1, held.getJsonArray("orders").size(), held.toString());
    assertEquals(3, held.getJsonArray("deliveries").size(), held.toString());

    JsonObject result =
        (JsonObject)
            OpsClient.json(
                ops.post(
                    "api/ops/erasures",
                    Json.createObjectBuilder().add("email", asked).build().toString()));

    assertEquals(1, result.getInt("ordersErased"), result.toString());
    assertEquals(3, result.getInt("deliveryBodiesRemoved"), "the order's, refused, parked");
    assertEquals(0, hitsEverywhere(mark), "the buyer's e-mail, names or file name left somewhere");
    Map<String, Object> kept = StoredOrders.order(Notifications.eventId(order));
    assertEquals(order.getJsonObject("invoice").getString("number"), kept.get("invoice_number"));
    assertEquals(null, kept.get("invoice_pdf_filename"));
  }

  @Test
  void accessGivesExactlyWhatIsHeldAboutOneBuyer() {
    Buyer buyer = Buyer.distinct(1);
    Buyer other = Buyer.distinct(2);
    JsonObject order = orderOf(buyer);
    assertEquals(200, sender.post(order.toString()).statusCode());
    assertEquals(200, sender.post(orderOf(other).toString()).statusCode());

    HttpResponse<byte[]> answer = ops.get("api/ops/personal-data?email=" + buyer.email);

    assertEquals(200, answer.statusCode(), OpsClient.text(answer));
    JsonObject held = (JsonObject) OpsClient.json(answer);
    JsonArray orders = held.getJsonArray("orders");
    assertEquals(1, orders.size());
    JsonObject stored = orders.getJsonObject(0);
    assertEquals(Notifications.eventId(order), stored.getString("eventId"));
    assertEquals(buyer.firstName, stored.getString("firstName"));
    assertEquals(buyer.lastName, stored.getString("lastName"));
    assertEquals(buyer.phone, stored.getString("phone"));
    assertEquals(order.toString(), stored.getString("rawBody"));
    assertEquals(
        order.getJsonObject("order").getJsonArray("custom_fields").size(),
        stored.getJsonArray("customFields").size());
    JsonArray deliveries = held.getJsonArray("deliveries");
    assertEquals(1, deliveries.size());
    assertTrue(deliveries.getJsonObject(0).getString("body").contains(buyer.email));
    for (String field : other.fields()) {
      assertTrue(!OpsClient.text(answer).contains(field), "another buyer's " + field);
    }
    assertEquals(400, ops.get("api/ops/personal-data").statusCode());
  }

  /**
   * Rows holding the text in any text or binary column of any table (binary columns read as escaped
   * text, case-insensitively).
   */
  static int hitsEverywhere(String needle) {
    int hits = 0;
    for (Map<String, Object> column : textColumns()) {
      String value =
          "bytea".equals(column.get("data_type"))
              ? "encode(" + column.get("column_name") + ", 'escape')"
              : column.get("column_name").toString();
      hits +=
          StoredOrders.count(
              "select count(*) from " + column.get("table_name") + " where " + value + " ilike ?",
              "%" + needle + "%");
    }
    return hits;
  }

  private static List<Map<String, Object>> columns;

  static List<Map<String, Object>> textColumns() {
    if (columns == null) {
      columns =
          StoredOrders.rows(
              "select table_name, column_name, data_type from information_schema.columns"
                  + " where table_schema = 'public' and data_type in"
                  + " ('character varying', 'character', 'text', 'bytea')");
    }
    return columns;
  }
}
