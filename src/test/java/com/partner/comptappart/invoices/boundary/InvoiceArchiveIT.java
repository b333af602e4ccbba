package com.partner.comptappart.invoices.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.DocumentServer;
import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OpsClient;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Invoice documents archived after the order's commit, from a document server the test owns (HTTPS
 * on loopback, its certificate in the receiver's trust store): kept byte for byte, retried,
 * expired, refused without a connection, cut at the size cap and at the total timeout, and served
 * to ops. Every order is answered 2xx and stored whatever its invoice does.
 */
@ExtendWith(ArquillianExtension.class)
class InvoiceArchiveIT {

  static final Duration LIFETIME = Duration.ofMinutes(2);
  static final Duration WITHIN = Duration.ofSeconds(20);
  static DocumentServer documents;

  @Deployment(testable = false)
  static WebArchive receiver() {
    return ReceiverDeployment.withConfig(
        "comptappart.api-keys", ReceiverDeployment.API_KEY,
        "comptappart.invoice.allowed-hosts", "localhost",
        // The document server is on loopback: allowed here only (refused in production).
        "comptappart.invoice.allow-private-addresses", "true",
        "comptappart.invoice.link-lifetime", LIFETIME.toString(),
        "comptappart.invoice.first-retry", "PT1S",
        "comptappart.invoice.poll-interval", "PT1S",
        "comptappart.invoice.total-timeout-ms", "4000");
  }

  @ArquillianResource URL base;
  WebhookClient sender;
  OpsClient ops;

  @BeforeAll
  static void startDocumentServer() throws IOException {
    documents = DocumentServer.start();
  }

  @AfterAll
  static void stopDocumentServer() throws IOException {
    documents.close();
  }

  @BeforeEach
  void connect() {
    sender = new WebhookClient(base, ReceiverDeployment.API_KEY);
    ops = new OpsClient(base);
  }

  @Test
  void anInvoiceIsArchivedByteForByteWithinSecondsAndOpsGetIt() throws Exception {
    byte[] pdf = pdf(200_000);
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, DocumentServer.document(200, "application/pdf", pdf));
    double archivedBefore = invoices("archived");

    Order order = send(documents.link(path), Instant.now());
    long answered = System.nanoTime();
    JsonObject invoice = awaitState(order, "ARCHIVED");
    long archivedMillis = (System.nanoTime() - answered) / 1_000_000;

    assertEquals(sha256(pdf), invoice.getString("sha256"));
    assertEquals(pdf.length, invoice.getJsonNumber("sizeBytes").longValue());
    assertEquals("localhost", invoice.getString("sourceHost"));
    assertFalse(invoice.getBoolean("htmlReceipt"));
    assertEquals(1, documents.requests(path), "fetched once");
    HttpResponse<byte[]> download = ops.get("api/ops/invoices/" + order.number);
    assertEquals(200, download.statusCode());
    assertEquals(sha256(pdf), sha256(download.body()), "the document as the sender served it");
    assertEquals("application/pdf", download.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(
        "attachment; filename=\"" + order.number + ".pdf\"",
        download.headers().firstValue("Content-Disposition").orElseThrow());
    assertEquals(archivedBefore + 1, invoices("archived"));
    assertTrue(archivedMillis < WITHIN.toMillis(), "archived " + archivedMillis + " ms after 2xx");
    System.out.println("invoice archived " + archivedMillis + " ms after the order's 2xx");
  }

  @Test
  void twoServerErrorsAreRetriedThenTheDocumentIsArchived() throws Exception {
    byte[] pdf = pdf(5_000);
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(
        path,
        DocumentServer.inTurn(
            DocumentServer.status(500),
            DocumentServer.status(503),
            DocumentServer.document(200, "application/pdf", pdf)));
    double retriedBefore = invoices("retried");

    Order order = send(documents.link(path), Instant.now());
    JsonObject invoice = awaitState(order, "ARCHIVED");

    assertEquals(3, documents.requests(path));
    assertEquals(3, invoice.getInt("attempts"));
    assertEquals(sha256(pdf), invoice.getString("sha256"));
    assertTrue(invoices("retried") >= retriedBefore + 2);
  }

  @Test
  void aLinkThatStaysForbiddenExpiresWhenItsLifetimeEnds() throws Exception {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, DocumentServer.status(403));
    double expiredBefore = invoices("expired");

    // Sent when only 4 s of the configured lifetime are left.
    Order order = send(documents.link(path), Instant.now().minus(LIFETIME).plusSeconds(4));
    JsonObject invoice = awaitState(order, "EXPIRED");

    assertEquals("answered 403", invoice.getString("lastError"));
    assertTrue(documents.requests(path) >= 2, "retried: " + documents.requests(path));
    assertEquals(expiredBefore + 1, invoices("expired"));
    HttpResponse<byte[]> download = ops.get("api/ops/invoices/" + order.number);
    assertEquals(404, download.statusCode());
    JsonObject error = (JsonObject) OpsClient.json(download);
    assertEquals("invoice_not_archived", error.getString("error"));
    assertTrue(error.getString("message").contains("expired"), error.toString());
  }

  @Test
  void anHtmlReceiptPageIsArchivedAsHtmlUnderItsSuggestedSafeName() throws Exception {
    byte[] page =
        "<!DOCTYPE html><html><body>Receipt #1207</body></html>".getBytes(StandardCharsets.UTF_8);
    String path = "/receipts/" + UUID.randomUUID();
    documents.on(path, DocumentServer.document(200, "text/html; charset=utf-8", page));
    JsonObject notification =
        Notifications.with(
            withLink(
                Notifications.fresh(Notifications.contractExample()),
                documents.link(path),
                Instant.now()),
            "/invoice/pdf_filename",
            Json.createValue("../../etc/\"recu\"\r\n 1207.html"));

    Order order = send(notification);
    JsonObject invoice = awaitState(order, "ARCHIVED");

    assertTrue(invoice.getBoolean("htmlReceipt"));
    HttpResponse<byte[]> download = ops.get("api/ops/invoices/" + order.number);
    assertEquals(sha256(page), sha256(download.body()));
    assertEquals(
        "text/html;charset=utf-8",
        download.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
    assertEquals(
        "attachment; filename=\"recu 1207.html\"",
        download.headers().firstValue("Content-Disposition").orElseThrow());
  }

  @Test
  void linksWeDoNotFollowAreRefusedWithoutAConnectionAndTheirOrdersStored() throws Exception {
    int trap = documents.trapPort();
    String redirect = "/redirect/" + UUID.randomUUID();
    documents.on(redirect, DocumentServer.redirect("https://127.0.0.1:" + trap + "/a.pdf"));
    List<String> links =
        List.of(
            "http://localhost:" + trap + "/a.pdf",
            "https://elsewhere.example:" + trap + "/a.pdf",
            "file:///etc/passwd",
            "ftp://localhost:" + trap + "/a.pdf",
            "javascript:alert(1)",
            documents.link(redirect));
    double refusedBefore = invoices("refused");

    for (String link : links) {
      Order order = send(link, Instant.now());
      JsonObject invoice = awaitState(order, "REFUSED");
      assertFalse(invoice.getString("lastError").isBlank(), link);
    }

    assertEquals(0, documents.trappedConnections(), "no connection to a refused link");
    assertEquals(1, documents.requests(redirect), "the allowed hop was fetched, not its target");
    assertEquals(refusedBefore + links.size(), invoices("refused"));
  }

  @Test
  void aDocumentLargerThanTheCapIsCutThere() throws Exception {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, documents.endless());

    Order order = send(documents.link(path), Instant.now());
    JsonObject invoice = awaitState(order, "REFUSED");

    assertTrue(invoice.getString("lastError").contains("max-bytes"), invoice.toString());
    long cap = 20L * 1024 * 1024;
    assertTrue(
        documents.bytesWritten() < cap + 8L * 1024 * 1024,
        "read no more than the cap (plus what the sockets buffer): " + documents.bytesWritten());
  }

  @Test
  void aServerThatTricklesIsGivenUpWithinTheTotalTimeout() throws Exception {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, DocumentServer.trickle());

    long start = System.nanoTime();
    Order order = send(documents.link(path), Instant.now());
    JsonObject invoice =
        await(order, view -> view.getInt("attempts") >= 1, "a first attempt given up");
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertEquals("WAITING", invoice.getString("state"));
    assertEquals("no complete answer within 4000 ms", invoice.getString("lastError"));
    assertTrue(millis < 4000 + 3000, "given up after " + millis + " ms");
    documents.on(path, DocumentServer.status(404));
  }

  @Test
  void opsFetchAnExpiredInvoiceAgainOnceItsLinkWorks() throws Exception {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, DocumentServer.status(404));
    Order order = send(documents.link(path), Instant.now().minus(LIFETIME).plusSeconds(2));
    awaitState(order, "EXPIRED");
    byte[] pdf = pdf(3_000);
    documents.on(path, DocumentServer.document(200, "application/pdf", pdf));

    HttpResponse<byte[]> again = ops.post("api/ops/invoices/" + order.number + "/fetch");
    assertEquals(202, again.statusCode(), OpsClient.text(again));
    JsonObject invoice = awaitState(order, "ARCHIVED");
    assertEquals(sha256(pdf), invoice.getString("sha256"));

    HttpResponse<byte[]> idempotent = ops.post("api/ops/invoices/" + order.number + "/fetch");
    assertEquals(202, idempotent.statusCode());
    assertEquals(
        "ARCHIVED", ((JsonArray) OpsClient.json(idempotent)).getJsonObject(0).getString("state"));
    assertEquals(404, ops.post("api/ops/invoices/NO-SUCH-NUMBER/fetch").statusCode());
  }

  // Helpers.

  record Order(String eventId, long orderId, String number) {}

  Order send(String link, Instant timestamp) {
    return send(withLink(Notifications.fresh(), link, timestamp));
  }

  Order send(JsonObject notification) {
    HttpResponse<String> answer = sender.post(notification.toString());
    assertEquals(200, answer.statusCode(), answer.body());
    return new Order(
        notification.getString("event_id"),
        notification.getJsonNumber("order_id").longValue(),
        notification.getJsonObject("invoice").getString("number"));
  }

  static JsonObject withLink(JsonObject notification, String link, Instant timestamp) {
    JsonObject linked =
        Notifications.with(
            Notifications.with(notification, "/invoice/pdf_url", Json.createValue(link)),
            "/invoice/number",
            Json.createValue("FQCA-IT-" + UUID.randomUUID()));
    return Notifications.with(linked, "/timestamp", Json.createValue(timestamp.toString()));
  }

  JsonObject awaitState(Order order, String state) {
    return await(order, view -> state.equals(view.getString("state")), state);
  }

  JsonObject await(Order order, java.util.function.Predicate<JsonObject> condition, String what) {
    JsonObject[] last = new JsonObject[1];
    boolean reached =
        Poll.until(
            WITHIN,
            () -> {
              last[0] = invoiceView(order);
              return last[0] != null && condition.test(last[0]);
            });
    assertTrue(reached, "invoice " + order.number + " not " + what + ": " + last[0]);
    return last[0];
  }

  JsonObject invoiceView(Order order) {
    HttpResponse<byte[]> found = ops.get("api/ops/orders?orderId=" + order.orderId);
    assertEquals(200, found.statusCode(), OpsClient.text(found));
    JsonArray views = (JsonArray) OpsClient.json(found);
    return views.isEmpty() || views.getJsonObject(0).isNull("invoice")
        ? null
        : views.getJsonObject(0).getJsonObject("invoice");
  }

  double invoices(String outcome) {
    return Metrics.of(base).value("comptappart_invoices_total", "outcome=\"" + outcome + "\"");
  }

  static byte[] pdf(int size) {
    byte[] bytes = new byte[size];
    new Random().nextBytes(bytes);
    System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 9);
    return bytes;
  }

  static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
