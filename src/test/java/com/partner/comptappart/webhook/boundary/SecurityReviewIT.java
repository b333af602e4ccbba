package com.partner.comptappart.webhook.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.Notifications.fresh;
import static com.partner.comptappart.it.WebhookClient.json;
import static com.partner.comptappart.webhook.boundary.OrderWebhookIT.assertError;
import static com.partner.comptappart.webhook.boundary.SignedWebhookIT.signature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.OpsRealm;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The security review's attacks (issue 8), replayed against a receiver configured as production is:
 * two API keys, two signing secrets, a trusted proxy (this machine), a spool of its own.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityReviewIT {

  static final String SECRET = "whsec_sec_review_4e1f0a";
  static final Path SPOOL = ReceiverDeployment.freshSpool();
  static final Duration DRAIN_BOUND = Duration.ofSeconds(30);

  @Deployment(testable = false)
  static WebArchive receiverAsInProduction() {
    return ReceiverDeployment.withConfig(
        "comptappart.api-keys",
        ReceiverDeployment.API_KEY + "," + ReceiverDeployment.SECOND_API_KEY,
        "comptappart.signing-secrets",
        "whsec_sec_review_old_77c2," + SECRET,
        "comptappart.trusted-proxies",
        "127.0.0.1",
        "comptappart.delivery-spool-dir",
        SPOOL.toString(),
        "comptappart.delivery-spool-drain-seconds",
        "1",
        "comptappart.body-read-seconds",
        String.valueOf(BODY_READ_SECONDS));
  }

  /** Shorter than the default 15 s, so that the held-connection attack ends in seconds. */
  static final int BODY_READ_SECONDS = 4;

  @ArquillianResource URL base;

  WebhookClient sender;
  String agent;

  @BeforeEach
  void connect() {
    sender = new WebhookClient(base, ReceiverDeployment.API_KEY);
    agent = "ComptAppart-Webhook/1.0 sec-" + UUID.randomUUID();
  }

  HttpRequest.Builder request(byte[] body, String contentType) {
    return sender
        .request()
        .setHeader("User-Agent", agent)
        .setHeader("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  HttpResponse<String> postSigned(byte[] body, String contentType) {
    return sender.send(
        request(body, contentType).header("X-Qlower-Signature", signature(SECRET, now(), body)));
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  List<Map<String, Object>> deliveriesOfThisTest() {
    return StoredOrders.rows("SELECT * FROM delivery WHERE user_agent = ? ORDER BY id", agent);
  }

  static byte[] bytes(Object json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  // Finding 1: authentication decides first; nothing unauthenticated is kept or replayable.

  @Test
  void anUnsignedOrderIsRefusedForItsSignatureBeforeItsMediaTypeAndNotKept() {
    byte[] order = bytes(fresh());

    HttpResponse<String> response = sender.send(request(order, "text/plain"));

    assertError(response, 401, "signature_missing");
    assertEquals(List.of(), deliveriesOfThisTest(), "an unauthenticated body is never stored");
  }

  @Test
  void aDeliveryNeverVerifiedBySignatureIsNotReplayedWhileSecretsAreConfigured() throws Exception {
    var order = fresh();
    // As a record received before signing was configured: a body, no verifying secret.
    long id = unverifiedDeliveryOf(bytes(order));

    HttpResponse<String> replay = ops("POST", "api/ops/deliveries/" + id + "/replay", "it-ops");

    assertError(replay, 409, "not_replayable");
    assertEquals(0, StoredOrders.countByEventId(eventId(order)));
  }

  /**
   * Every call of the ops API that changes something refuses a request another site's page could
   * make with the ops user's browser, before it looks at what it names.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "api/ops/erasures",
        "api/ops/invoices/FQCA-ANY/fetch",
        "api/ops/handler-runs/1/run",
        "api/ops/deliveries/1/replay"
      })
  void everyChangeOpsCanMakeIsRefusedFromAnotherSite(String path) {
    HttpResponse<String> foreignOrigin =
        send(
            opsRequest(path)
                .header("X-Requested-By", "it-ops")
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.org\"}")));

    assertError(foreignOrigin, 403, "cross_site_request");
  }

  @Test
  void aReplayFromAnotherSiteIsRefusedOneFromOpsGoesThrough() throws Exception {
    var order = fresh();
    byte[] body = bytes(order);
    assertEquals(200, postSigned(body, "application/json").statusCode());
    long id = ((Number) deliveriesOfThisTest().get(0).get("id")).longValue();
    String replay = "api/ops/deliveries/" + id + "/replay";

    HttpResponse<String> formPost =
        send(
            opsRequest(replay)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("a=b")));
    HttpResponse<String> foreignOrigin =
        send(
            opsRequest(replay)
                .header("X-Requested-By", "it-ops")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> crossSiteFetch =
        send(
            opsRequest(replay)
                .header("X-Requested-By", "it-ops")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertError(formPost, 403, "cross_site_request");
    assertError(foreignOrigin, 403, "cross_site_request");
    assertError(crossSiteFetch, 403, "cross_site_request");
    assertEquals(1, deliveriesOfThisTest().size(), "no refused replay was processed");

    HttpResponse<String> fromOps = ops("POST", replay, "it-ops");
    assertEquals(200, fromOps.statusCode(), fromOps.body());
    assertEquals("ALREADY_PROCESSED", json(fromOps).getJsonObject("delivery").getString("outcome"));
  }

  // Finding 2: texts from the request are made storable; a poison spool file is set aside.

  @Test
  void aNulInTheEventIdIsStoredReplacedAndParkedEventsReachTheLog() {
    byte[] parked =
        "{\"event_type\":\"order.refunded\",\"event_id\":\"evt_poison_\\u0000\"}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] refused =
        "{\"event_type\":\"order.created\",\"event_id\":\"evt_poison_\\u0000\"}"
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> parkedAnswer = postSigned(parked, "application/json");
    HttpResponse<String> refusedAnswer = postSigned(refused, "text/plain");

    assertEquals(202, parkedAnswer.statusCode(), parkedAnswer.body());
    assertError(refusedAnswer, 415, "unsupported_media_type");
    List<Map<String, Object>> log = deliveriesOfThisTest();
    assertEquals(List.of("PARKED", "REJECTED"), log.stream().map(r -> r.get("outcome")).toList());
    assertEquals("evt_poison_?", log.get(0).get("event_id"));
    assertEquals("evt_poison_?", log.get(1).get("event_id"));
  }

  @Test
  void aForwardedAddressThatIsNoAddressIsNotRecorded() {
    // Sent from 127.0.0.1, the proxy this receiver trusts; the second with 44 colons (second
    // review, finding 6: the characters of an IPv6 address, and not one).
    WebhookClient throughProxy = new WebhookClient(loopback(), ReceiverDeployment.API_KEY);
    for (String forwarded : List.of("<script>alert(1)</script>", ":".repeat(44))) {
      byte[] order = bytes(fresh());
      HttpResponse<String> response =
          throughProxy.send(
              throughProxy
                  .request()
                  .setHeader("User-Agent", agent)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(order))
                  .header("X-Forwarded-For", forwarded)
                  .header("X-Qlower-Signature", signature(SECRET, now(), order)));
      assertEquals(200, response.statusCode(), response.body());
    }

    assertEquals(
        List.of("127.0.0.1", "127.0.0.1"),
        deliveriesOfThisTest().stream().map(row -> row.get("client_address")).toList());
  }

  @Test
  void aSpoolFileThatCannotBeStoredIsSetAsideAndTheDrainCarriesOn() throws Exception {
    String eventId = "evt_spooled_" + UUID.randomUUID();
    Files.createDirectories(SPOOL);
    // An unreadable record (cut short) is older, so drained first; a valid one, in the spool's
    // format, after it. Each appears whole, as the receiver's own spool files do.
    Path poison = spoolFile("1000-poison", "{\"receivedAt\":\"2026-11-29T10:00:00Z\",\"outc");
    spoolFile(
        "2000-valid",
        "{\"receivedAt\":\"2026-11-29T10:00:01Z\",\"outcome\":\"FAILED\",\"statusCode\":503,"
            + "\"durationMillis\":12,\"bodyTruncated\":false,\"eventId\":\""
            + eventId
            + "\",\"eventType\":\"order.created\",\"errorCode\":\"database_unavailable\"}");
    Path setAside = SPOOL.resolve("set-aside").resolve(poison.getFileName());

    boolean drained =
        Poll.until(
            DRAIN_BOUND,
            () ->
                Files.exists(setAside)
                    && StoredOrders.count(
                            "SELECT count(*) FROM delivery WHERE event_id = ?", eventId)
                        == 1);

    assertTrue(drained, "the poison record set aside, the valid one in the log after it");
    assertFalse(Files.exists(poison));
    assertEquals(1.0, Metrics.of(base).value("comptappart_delivery_set_aside"));
    assertEquals(0.0, Metrics.of(base).value("comptappart_delivery_spooled"));
  }

  // Finding 3: no body is read without the key; an aborted upload is an incomplete body.

  @Test
  void withoutTheKeyTheAnswerComesBeforeTheBody() throws Exception {
    try (Socket socket = startUpload(1_000_000, "")) {
      socket.setSoTimeout(10_000);

      // Only 7 of the announced 1,000,000 bytes were sent: an answer now proves none was awaited.
      String statusLine =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
              .readLine();

      assertEquals("HTTP/1.1 401 Unauthorized", statusLine);
    }
  }

  /** What a key holder sends ahead of a body: the key and a signature that cannot verify. */
  String keyAndUnverifiableSignature() {
    return "User-Agent: "
        + agent
        + "\r\nX-API-KEY: "
        + ReceiverDeployment.API_KEY
        + "\r\nX-Qlower-Signature: t="
        + now()
        + ",v1=00\r\n";
  }

  // Second review, finding 2: while signing is on, what was never verified is counted, not stored.

  @Test
  void anUploadAbortedByTheClientIsCountedNotStored() throws Exception {
    double before = unauthorizedCount();

    startUpload(1000, keyAndUnverifiableSignature()).close(); // gone 7 bytes into 1,000

    assertTrue(
        Poll.until(DRAIN_BOUND, () -> unauthorizedCount() == before + 1),
        "the aborted upload counted: " + unauthorizedCount());
    assertEquals(List.of(), deliveriesOfThisTest(), "a body never verified is never stored");
  }

  @Test
  void aBodyOverTheLimitIsRefusedCountedNotStored() {
    double before = unauthorizedCount();
    byte[] oversized = new byte[1_048_577];
    java.util.Arrays.fill(oversized, (byte) ' ');
    oversized[0] = '{';
    oversized[oversized.length - 1] = '}';

    HttpResponse<String> response = postSigned(oversized, "application/json");

    assertError(response, 413, "payload_too_large");
    assertEquals(List.of(), deliveriesOfThisTest());
    assertEquals(before + 1, unauthorizedCount());
  }

  // Second review, finding 1: bodies that stop arriving hold no thread, and end at the deadline.

  @Test
  void bodiesThatStopArrivingAreCutAtTheDeadlineAndStarveNoSender() throws Exception {
    double before = unauthorizedCount();
    int held = 300;
    jakarta.json.JsonObject order;
    List<Socket> silent = new java.util.ArrayList<>();
    long sent = System.nanoTime();
    try {
      for (int i = 0; i < held; i++) {
        silent.add(startUpload(5000, keyAndUnverifiableSignature())); // then nothing more
      }

      // While all of them wait for bytes that never come, a real sender is answered, and so is
      // the liveness probe, each within 10 s (before: no answer within 20 s).
      order = fresh();
      byte[] body = bytes(order);
      HttpResponse<String> stored =
          sender.send(
              request(body, "application/json")
                  .timeout(Duration.ofSeconds(10))
                  .header("X-Qlower-Signature", signature(SECRET, now(), body)));
      assertEquals(200, stored.statusCode(), stored.body());
      assertEquals(1, StoredOrders.countByEventId(eventId(order)));
      assertEquals(200, com.partner.comptappart.it.Readiness.of(base, "/health/live").statusCode());

      // Each is answered 408 at the deadline (it was 30 s, the server's own read timeout,
      // whatever the deadline), with room for a loaded machine.
      for (Socket socket : silent) {
        socket.setSoTimeout(30_000);
        String statusLine =
            new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertEquals("HTTP/1.1 408 Request Timeout", statusLine);
      }
      long seconds = Duration.ofNanos(System.nanoTime() - sent).toSeconds();
      assertTrue(seconds < BODY_READ_SECONDS + 16, "all answered after " + seconds + " s");
    } finally {
      for (Socket socket : silent) {
        socket.close();
      }
    }
    assertEquals(
        List.of(eventId(order)),
        deliveriesOfThisTest().stream().map(row -> row.get("event_id")).toList(),
        "the order alone stored, none of the held ones (finding 2)");
    assertTrue(
        Poll.until(DRAIN_BOUND, () -> unauthorizedCount() == before + held),
        "each counted once: " + (unauthorizedCount() - before));
  }

  // Finding 4: refusals for credentials are counted, not stored; bodies only when authenticated.

  @Test
  void unauthenticatedRequestsAreCountedNotStored() throws Exception {
    double before = unauthorizedCount();
    byte[] large = new byte[1_000_000];
    java.util.Arrays.fill(large, (byte) ' ');
    large[0] = '{';
    large[large.length - 1] = '}';

    for (int i = 0; i < 5; i++) {
      new WebhookClient(base, null).send(request(bytes(fresh()), "application/json"));
    }
    HttpResponse<String> badSignature =
        sender.send(
            request(large, "application/json")
                .header("X-Qlower-Signature", signature("whsec_forged", now(), large)));

    assertError(badSignature, 401, "signature_mismatch");
    assertEquals(List.of(), deliveriesOfThisTest());
    assertEquals(before + 6, unauthorizedCount());
  }

  // Finding 5: a Content-Type that does not parse is answered in JSON and recorded.

  @Test
  void jsonWithABrokenCharsetParameterIsStoredOtherUnreadableTypesAre415() {
    var order = fresh();
    byte[] body = bytes(order);

    HttpResponse<String> brokenCharset = postSigned(body, "application/json; charset");
    HttpResponse<String> notAType = postSigned(bytes(fresh()), "a/b;c");
    HttpResponse<String> slash = postSigned(bytes(fresh()), "/");

    assertEquals(200, brokenCharset.statusCode(), brokenCharset.body());
    assertEquals(1, StoredOrders.countByEventId(eventId(order)));
    assertError(notAType, 415, "unsupported_media_type");
    assertError(slash, 415, "unsupported_media_type");
    assertEquals(
        List.of(200, 415, 415),
        deliveriesOfThisTest().stream().map(r -> r.get("status_code")).toList());
  }

  // Finding 6: nothing on the webhook's port describes the API or names versions.

  @Test
  void noWadlNoApiListingAndNoVersionsOnTheWebhookPort() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> wadl =
        http.send(
            HttpRequest.newBuilder(base.toURI().resolve("/api/application.wadl")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> options =
        http.send(
            HttpRequest.newBuilder(sender.endpoint())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> order = postSigned(bytes(fresh()), "application/json");

    assertError(wadl, 404, "not_found");
    assertFalse(options.body().contains("ops"), options.body());
    for (HttpResponse<String> response : List.of(wadl, options, order)) {
      String headers = response.headers().map().toString();
      assertFalse(headers.matches("(?is).*(payara|jersey|glassfish|grizzly|servlet/).*"), headers);
    }
  }

  // Finding 7: more than one signature header is refused.

  @Test
  void twoSignatureHeadersAreMalformedWhicheverComesFirst() {
    byte[] body = bytes(fresh());
    String good = signature(SECRET, now(), body);
    String bad = signature(SECRET, now() - 3600, body);

    HttpResponse<String> badThenGood =
        sender.send(
            request(body, "application/json")
                .header("X-Qlower-Signature", bad)
                .header("X-Qlower-Signature", good));
    HttpResponse<String> goodThenBad =
        sender.send(
            request(body, "application/json")
                .header("X-Qlower-Signature", good)
                .header("X-Qlower-Signature", bad));

    assertError(badThenGood, 401, "signature_malformed");
    assertError(goodThenBad, 401, "signature_malformed");
  }

  long unverifiedDeliveryOf(byte[] body) {
    return ((Number)
            StoredOrders.rows(
                    "INSERT INTO delivery (id, received_at, outcome, status_code, duration_ms,"
                        + " user_agent, body, body_truncated) VALUES (nextval('delivery_seq'),"
                        + " now(), 'FAILED', 500, 1, ?, ?, false) RETURNING id",
                    agent,
                    body)
                .get(0)
                .get("id"))
        .longValue();
  }

  /** A raw POST to the webhook announcing {@code length} bytes of body, of which 7 are sent. */
  Socket startUpload(int length, String headers) throws IOException {
    Socket socket = new Socket(base.getHost(), base.getPort());
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /"
                + WebhookClient.PATH
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + length
                + "\r\n"
                + headers
                + "\r\n{\"event")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** Writes a spool file whole (a partial file, then an atomic rename), as the receiver does. */
  static Path spoolFile(String name, String content) throws IOException {
    Files.createDirectories(SPOOL);
    Path partial = Files.writeString(SPOOL.resolve(name + ".part"), content);
    return Files.move(
        partial,
        SPOOL.resolve(name + ".delivery.json"),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  URL loopback() {
    try {
      return new URL("http", "127.0.0.1", base.getPort(), "/");
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder opsRequest(String path) {
    return HttpRequest.newBuilder(base.toString().endsWith("/") ? uri(path) : uri("/" + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", OpsRealm.basic(OpsRealm.USER, OpsRealm.PASSWORD));
  }

  java.net.URI uri(String path) {
    return java.net.URI.create(base.toString()).resolve(path);
  }

  HttpResponse<String> ops(String method, String path, String requestedBy) {
    return send(
        opsRequest(path)
            .header("X-Requested-By", requestedBy)
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  double unauthorizedCount() {
    return Metrics.deliveries(base).get("unauthorized");
  }
}
