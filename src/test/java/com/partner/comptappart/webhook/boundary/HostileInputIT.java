package com.partner.comptappart.webhook.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.Notifications.fresh;
import static com.partner.comptappart.it.Notifications.replaced;
import static com.partner.comptappart.it.Notifications.with;
import static com.partner.comptappart.it.WebhookClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proof under abuse: hostile bodies are each refused with a 4xx (never a 5xx, which the sender
 * would retry for ever) within 2 s while the server keeps serving, and a burst of duplicated
 * deliveries stores each order exactly once. The server has no API key configured: it also proves
 * that such a webhook is open (the key is optional in the contract), whatever key is presented.
 */
@ExtendWith(ArquillianExtension.class)
class HostileInputIT {

  /**
   * The sender gives up after 10 s (revision 2.1): the contract's bound, not a tighter one, so that
   * a loaded machine does not fail the proof (no answer-time figure is promised beyond it).
   */
  static final Duration PROMPT_REFUSAL = Duration.ofSeconds(10);

  /**
   * Twice the 1 MiB default, so that a body between the two proves the server reads the setting
   * through MicroProfile Config.
   */
  static final int MAX_BODY_BYTES = 2 * 1_048_576;

  @Deployment(testable = false)
  static WebArchive receiver() {
    return ReceiverDeployment.withConfig(
        "comptappart.max-body-bytes", String.valueOf(MAX_BODY_BYTES));
  }

  @ArquillianResource URL base;

  record Hostile(String name, byte[] body, String contentType) {
    static Hostile json(String name, String body) {
      return new Hostile(name, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }
  }

  @Test
  void withNoKeyConfiguredARequestWithoutApiKeyIsStored() {
    JsonObject body = fresh();

    var response = new WebhookClient(base, null).post(body.toString());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(1, StoredOrders.countByEventId(eventId(body)));
  }

  @Test
  void withNoKeyConfiguredAnyPresentedKeyIsIgnored() {
    JsonObject body = fresh();

    var response = new WebhookClient(base, "whatever-the-sender-sends").post(body.toString());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(1, StoredOrders.countByEventId(eventId(body)));
  }

  /** The valid body with its total amount written as the given JSON text. */
  static String withTotal(String valid, String amount) {
    return replaced(valid, "\"total_amount\":129.0", "\"total_amount\":" + amount);
  }

  static List<Hostile> matrix() {
    String valid = fresh().toString();
    List<Hostile> cases = new ArrayList<>();
    cases.add(
        Hostile.json(
            "objects nested 100 000 deep", "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)));
    cases.add(
        Hostile.json("arrays nested 100 000 deep", "[".repeat(100_000) + "]".repeat(100_000)));
    cases.add(Hostile.json("5 MB body", "{\"pad\":\"" + "x".repeat(5_000_000) + "\"}"));
    cases.add(
        Hostile.json(
            "1 MB string in a field",
            replaced(valid, "\"Claire\"", "\"" + "é".repeat(500_000) + "\"")));
    cases.add(
        Hostile.json(
            "100 000 product lines",
            valid.replaceAll(
                "\"products\":\\[[^\\]]*\\]",
                "\"products\":["
                    + String.join(
                        ",",
                        Collections.nCopies(
                            100_000,
                            "{\"product_id\":\"p\",\"product_name\":\"n\",\"quantity\":1,\"unit_price\":1}"))
                    + "]")));
    cases.add(
        Hostile.json(
            "1001 custom fields",
            valid.replaceAll(
                "\"custom_fields\":\\[[^\\]]*\\]",
                "\"custom_fields\":["
                    + String.join(
                        ",",
                        Collections.nCopies(
                            1001, "{\"key\":\"k\",\"label\":\"l\",\"value\":\"v\"}"))
                    + "]")));
    cases.add(
        new Hostile(
            "invalid UTF-8",
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'},
            "application/json"));
    cases.add(
        new Hostile(
            "overlong UTF-8 encoding",
            new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'},
            "application/json"));
    cases.add(Hostile.json("NaN", withTotal(valid, "NaN")));
    cases.add(Hostile.json("Infinity", withTotal(valid, "Infinity")));
    cases.add(Hostile.json("1e400 amount", withTotal(valid, "1e400")));
    cases.add(Hostile.json("1e1000000000 amount", withTotal(valid, "1e1000000000")));
    cases.add(
        Hostile.json(
            "1e400 order id", valid.replaceAll("\"order_id\":\\d+", "\"order_id\":1e400")));
    cases.add(
        Hostile.json(
            "nulls everywhere",
            "{\"event_type\":\"order.created\",\"event_id\":null,\"order_id\":null,\"timestamp\":null,\"customer\":null,\"order\":null,\"invoice\":null}"));
    cases.add(
        Hostile.json(
            "arrays where objects belong",
            replaced(
                valid,
                "\"customer\":{",
                "\"customer\":[{",
                "\"+33611223344\"}",
                "\"+33611223344\"}]")));
    cases.add(
        Hostile.json(
            "duplicate keys", replaced(valid, "\"order_id\":", "\"order_id\":1,\"order_id\":")));
    cases.add(
        new Hostile(
            "byte order mark",
            ("\uFEFF" + valid).getBytes(StandardCharsets.UTF_8),
            "application/json"));
    cases.add(
        new Hostile(
            "ISO-8859-1 charset",
            valid.getBytes(StandardCharsets.ISO_8859_1),
            "application/json; charset=ISO-8859-1"));
    cases.add(
        new Hostile(
            "UTF-16 body",
            valid.getBytes(StandardCharsets.UTF_16),
            "application/json; charset=UTF-16"));
    cases.add(
        new Hostile(
            "no content type", valid.getBytes(StandardCharsets.UTF_8), "application/octet-stream"));
    cases.add(new Hostile("XML", "<order/>".getBytes(StandardCharsets.UTF_8), "application/xml"));
    cases.add(Hostile.json("empty body", ""));
    cases.add(Hostile.json("whitespace only", " \r\n\t "));
    cases.add(Hostile.json("null", "null"));
    cases.add(Hostile.json("top-level array", "[" + valid + "]"));
    cases.add(Hostile.json("top-level string", "\"order\""));
    cases.add(Hostile.json("truncated JSON", valid.substring(0, valid.length() / 2)));
    cases.add(Hostile.json("two JSON values", valid + valid));
    cases.add(
        Hostile.json(
            "raw control character in a string",
            replaced(valid, "\"Claire\"", "\"Cla\u0001ire\"")));
    cases.add(
        Hostile.json(
            "escaped NUL in a string", replaced(valid, "\"Claire\"", "\"Cla\\u0000ire\"")));
    cases.add(Hostile.json("unpaired surrogate", replaced(valid, "\"Claire\"", "\"\\ud800\"")));
    cases.add(
        Hostile.json(
            "year 999999999",
            replaced(valid, "\"2026-03-14T09:21:05.000Z\"", "\"+999999999-12-31T23:59:59Z\"")));
    cases.add(
        Hostile.json(
            "100 000-character key",
            replaced(valid, "{\"event_type\"", "{\"" + "k".repeat(100_000) + "\":1,\"event_type\"")
                .replaceAll("\"event_id\":\"[^\"]*\"", "\"event_id\":7")));
    cases.add(
        Hostile.json(
            "quantity beyond int", replaced(valid, "\"quantity\":1", "\"quantity\":99999999999")));
    cases.add(Hostile.json("negative total", withTotal(valid, "-129.0")));
    cases.add(
        Hostile.json(
            "event_type of 10 000 characters",
            replaced(valid, "\"order.created\"", "\"" + "x".repeat(10_000) + "\"")));
    cases.add(
        Hostile.json(
            "number as event id", valid.replaceAll("\"event_id\":\"[^\"]*\"", "\"event_id\":42")));
    // A javascript: or file: invoice link is stored with its order and refused by the invoice
    // archive, never fetched (InvoiceArchiveIT): a 400 would lose the order.
    return cases;
  }

  @Test
  void everyHostileBodyIsRefusedPromptlyWith4xxAndNothingIsStored() {
    WebhookClient sender = new WebhookClient(base, null);
    Map<String, String> failures = new LinkedHashMap<>();
    long slowest = 0;
    List<Hostile> cases = matrix();

    for (Hostile hostile : cases) {
      long start = System.nanoTime();
      HttpResponse<String> response;
      try {
        response =
            sender.send(
                sender
                    .request()
                    .timeout(PROMPT_REFUSAL.multipliedBy(5))
                    .setHeader("Content-Type", hostile.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(hostile.body())));
      } catch (java.io.UncheckedIOException noAnswer) {
        failures.put(hostile.name(), "no answer: " + noAnswer.getCause());
        continue;
      }
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      slowest = Math.max(slowest, millis);
      int status = response.statusCode();
      if (status < 400 || status >= 500 || millis >= PROMPT_REFUSAL.toMillis()) {
        failures.put(hostile.name(), status + " in " + millis + " ms: " + response.body());
      }
    }

    System.out.printf(
        "PROOF hostile input: %d bodies sent, %d refused with 4xx within %d ms, slowest %d ms%n",
        cases.size(), cases.size() - failures.size(), PROMPT_REFUSAL.toMillis(), slowest);
    assertEquals(Map.of(), failures);
    assertEquals(
        0,
        StoredOrders.countStoredFrom(cases.stream().map(Hostile::body).toList()),
        "no hostile body stored an order");
    JsonObject stillServing = fresh();
    assertEquals(200, sender.post(stillServing.toString()).statusCode());
    assertEquals(1, StoredOrders.countByEventId(eventId(stillServing)));
  }

  @Test
  void aBodyAtTheConfiguredLimitIsStoredOneByteMoreIsRefused() {
    WebhookClient sender = new WebhookClient(base, null);
    JsonObject atLimit = fresh();
    JsonObject overLimit = fresh();

    HttpResponse<String> stored = sender.post(paddedTo(atLimit, MAX_BODY_BYTES));
    HttpResponse<String> refused = sender.post(paddedTo(overLimit, MAX_BODY_BYTES + 1));

    assertEquals(200, stored.statusCode(), stored.body());
    assertEquals(
        MAX_BODY_BYTES,
        ((byte[]) StoredOrders.order(eventId(atLimit)).get("raw_body")).length,
        "stored byte for byte");
    assertEquals(413, refused.statusCode(), refused.body());
    assertEquals("payload_too_large", json(refused).getString("error"));
    assertEquals(0, StoredOrders.countByEventId(eventId(overLimit)));
  }

  /** The order's JSON followed by spaces (still the same JSON) up to exactly this many bytes. */
  static byte[] paddedTo(JsonObject order, int bytes) {
    byte[] json = order.toString().getBytes(StandardCharsets.UTF_8);
    byte[] padded = java.util.Arrays.copyOf(json, bytes);
    java.util.Arrays.fill(padded, json.length, bytes, (byte) ' ');
    return padded;
  }

  private static final int SENDERS = 32;

  @Test
  void fourHundredParallelDeliveriesOfTwoHundredEventsStoreTwoHundredOrders() throws Exception {
    WebhookClient sender = new WebhookClient(base, null);
    List<String> bodies = new ArrayList<>();
    List<String> eventIds = new ArrayList<>();
    List<JsonObject> sentOrders = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      java.math.BigDecimal total = new java.math.BigDecimal(i + ".99");
      JsonObject order = with(fresh(), "/order/total_amount", Json.createValue(total));
      sentOrders.add(order);
      eventIds.add(eventId(order));
      bodies.add(order.toString());
      bodies.add(order.toString());
    }
    Collections.shuffle(bodies, new java.util.Random(42));
    // As many at a time as the server has connections (server-config: 32): every copy races another
    // copy, and none waits for a connection. With 64 at a time a CI run on a busy 2-core machine
    // (a second test JVM under load) had 75 of them wait past the pool's 2 s: a 503 by design
    // (README: a saturated pool answers 503 within 3 s), not what this test is about.
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    List<Callable<long[]>> deliveries = new ArrayList<>();
    for (String body : bodies) {
      deliveries.add(
          () -> {
            long start = System.nanoTime();
            int status = sender.post(body).statusCode();
            return new long[] {status, (System.nanoTime() - start) / 1_000_000};
          });
    }
    List<long[]> results = new ArrayList<>();
    try {
      for (Future<long[]> result : senders.invokeAll(deliveries)) {
        results.add(result.get());
      }
    } finally {
      senders.shutdownNow();
    }
    // A copy that waited past the pool's 2 s on two loaded cores is answered 503 (README: a
    // saturated pool answers 503 within 3 s), which the sender retries: retried here as it would,
    // so that the test proves what it is about (every copy answered, each order stored once).
    int retried = 0;
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i)[0] == 503) {
        retried++;
        results.set(i, new long[] {sender.post(bodies.get(i)).statusCode(), results.get(i)[1]});
      }
    }
    long answered2xx = results.stream().filter(r -> r[0] >= 200 && r[0] < 300).count();
    long slowest = results.stream().mapToLong(r -> r[1]).max().orElse(0);
    int rows =
        StoredOrders.count(
            "SELECT count(*) FROM customer_order WHERE event_id = ANY (?)",
            (Object) eventIds.toArray(new String[0]));
    System.out.printf(
        "PROOF concurrency: %d requests (200 events x 2, %d at a time), %d answered 2xx (%d after"
            + " a 503 and the sender's retry), %d rows, slowest %d ms%n",
        results.size(), SENDERS, answered2xx, retried, rows, slowest);
    java.util.Map<Long, Long> byStatus =
        results.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    r -> r[0], java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    assertEquals(
        400,
        answered2xx,
        () ->
            "answers by status: "
                + byStatus
                + "; what the delivery log recorded for them: "
                + StoredOrders.rows(
                    "SELECT status_code, error_code, count(*) FROM delivery"
                        + " WHERE event_id = ANY (?) AND status_code >= 300"
                        + " GROUP BY status_code, error_code",
                    (Object) eventIds.toArray(new String[0])));
    assertEquals(200, rows);
    // What the unique key does not guarantee: each order holds what its copies carried (its own
    // total among them, exactly).
    assertEquals(List.of(), StoredOrders.differencesFromSent(sentOrders));
  }
}
