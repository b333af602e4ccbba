package com.partner.comptappart.invoices.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.DocumentServer;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OpsClient;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

  /** The Arquillian receiver's connect timeout: shorter than an attempt's total (4 s). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

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
        "comptappart.invoice.total-timeout-ms", "4000",
        "comptappart.invoice.connect-timeout-ms", String.valueOf(CONNECT_TIMEOUT.toMillis()));
  }

  @ArquillianResource URL base;
  WebhookClient sender;
  OpsClient ops;

  /**
   * The database of the receivers a test starts: theirs alone, so that the receiver Arquillian
   * deployed (which polls its own database every second) can neither claim their invoices nor hide
   * what they failed to do.
   */
  static final String STARTED_RECEIVERS = TestDatabase.NAME + "_invoices";

  @BeforeAll
  static void startDocumentServer() throws Exception {
    documents = DocumentServer.start();
    TestDatabase.recreate(STARTED_RECEIVERS);
  }

  /** A receiver started by the test, on {@link #STARTED_RECEIVERS}. */
  static MicroProcess startReceiver(Map<String, String> environment) throws IOException {
    return MicroProcess.start(
        environment,
        List.of("-Dit.db.name=" + STARTED_RECEIVERS),
        List.of(IntegrationEnvironment.microOptions()));
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

  /**
   * A link answered "not found" again and again (S3's answer for a link never valid) is given up
   * after five answers, long before its lifetime ends: not retried for the lifetime's length.
   */
  @Test
  void aLinkAnsweredNotFoundFiveTimesIsGivenUpBeforeItsLifetimeEnds() {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, DocumentServer.status(404));

    Order order = send(documents.link(path), Instant.now());

    // Attempts 1, 2, 4 and 8 s apart: the fifth within about 16 s, the lifetime 2 minutes.
    assertTrue(
        Poll.until(Duration.ofSeconds(60), () -> "EXPIRED".equals(stateInDatabase(order))),
        "still " + stateInDatabase(order) + " after " + documents.requests(path) + " requests");
    assertEquals("answered 404", invoiceView(order).getString("lastError"));
    assertEquals(5, documents.requests(path), "given up after five not-found answers");
  }

  @Test
  void aLinkThatStaysForbiddenExpiresWhenItsLifetimeEnds() throws Exception {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, DocumentServer.status(403));
    double expiredBefore = invoices("expired");

    // Sent when only 10 s of the configured lifetime are left: room for the retries a second
    // apart even on two loaded cores (with 4 s, one CI run fetched once before the expiry).
    Order order = send(documents.link(path), Instant.now().minus(LIFETIME).plusSeconds(10));
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
  void anHtmlReceiptPageIsArchivedAsHtmlAndServedSandboxedUnderAFixedName() throws Exception {
    byte[] page =
        "<!DOCTYPE html><html><body>Receipt #1207</body></html>".getBytes(StandardCharsets.UTF_8);
    String path = "/receipts/" + UUID.randomUUID();
    documents.on(path, DocumentServer.document(200, "text/html; charset=utf-8", page));
    Order order = sendSuggesting(path, "../../etc/\"recu\"\r\n 1207.html");
    JsonObject invoice = awaitState(order, "ARCHIVED");

    assertTrue(invoice.getBoolean("htmlReceipt"));
    HttpResponse<byte[]> download = ops.get("api/ops/invoices/" + order.number);
    assertEquals(sha256(page), sha256(download.body()));
    assertEquals(
        "text/html;charset=utf-8",
        download
            .headers()
            .firstValue("Content-Type")
            .orElseThrow()
            .replace(" ", "")
            .toLowerCase(java.util.Locale.ROOT));
    // A fixed name (the sender's "recu 1207.html" could have been any extension), and a page
    // that runs no script, opened from the server or saved.
    assertEquals(
        "attachment; filename=\"" + order.number + ".html\"",
        download.headers().firstValue("Content-Disposition").orElseThrow());
    assertEquals("sandbox", download.headers().firstValue("Content-Security-Policy").orElseThrow());
  }

  /**
   * Second security review, findings 4 and 5: a PDF is served as a PDF under a .pdf name, whatever
   * type the remote gave it ("text/html", "image/svg+xml" for an SVG behind a PDF's first bytes,
   * "/") and whatever name the sender suggested.
   */
  @Test
  void aDocumentIsServedAsWhatItIsNeverUnderTheRemotesTypeOrTheSendersName() throws Exception {
    byte[] svg =
        ("%PDF-<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")
            .getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> remoteTypes =
        Map.of("text/html", pdf(2_000), "image/svg+xml", svg, "/", pdf(3_000));
    for (Map.Entry<String, byte[]> remote : remoteTypes.entrySet()) {
      String path = "/documents/" + UUID.randomUUID();
      documents.on(path, DocumentServer.document(200, remote.getKey(), remote.getValue()));
      Order order = sendSuggesting(path, "../../receipt.html");
      awaitState(order, "ARCHIVED");

      HttpResponse<byte[]> download = ops.get("api/ops/invoices/" + order.number);
      assertEquals(200, download.statusCode(), remote.getKey() + ": " + OpsClient.text(download));
      assertEquals(sha256(remote.getValue()), sha256(download.body()));
      assertEquals(
          "application/pdf",
          download.headers().firstValue("Content-Type").orElseThrow(),
          remote.getKey());
      assertEquals(
          "attachment; filename=\"receipt.pdf\"",
          download.headers().firstValue("Content-Disposition").orElseThrow());
    }
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

  /**
   * A host that takes no connection (its queue of connections full: the SYN goes unanswered) costs
   * an attempt its connect timeout ({@code invoice.connect-timeout-ms}), not the attempt's whole
   * time, and the attempt says so; the document waits for the next.
   */
  @Test
  void aHostThatTakesNoConnectionFailsTheAttemptAtTheConnectTimeout() throws Exception {
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      List<java.net.Socket> queued = new ArrayList<>();
      try {
        // Connections nobody accepts, until the listener's queue is full and a SYN goes unanswered.
        while (queued.size() < 16) {
          java.net.Socket socket = new java.net.Socket();
          try {
            socket.connect(silent.getLocalSocketAddress(), 500);
            queued.add(socket);
          } catch (java.net.SocketTimeoutException full) {
            socket.close();
            break;
          }
        }
        assertTrue(queued.size() < 16, "the listener's queue never filled");

        Order order =
            send("https://localhost:" + silent.getLocalPort() + "/invoice.pdf", Instant.now());
        JsonObject tried = await(order, view -> view.getInt("attempts") >= 1, "tried once");

        assertEquals("WAITING", tried.getString("state"));
        assertEquals(
            "SocketTimeoutException: Connect timed out",
            tried.getString("lastError"),
            tried.toString());
      } finally {
        for (java.net.Socket socket : queued) {
          socket.close();
        }
      }
    }
  }

  /** A document that is neither a PDF nor a page (an error text served 200) is tried again. */
  @Test
  void aDocumentThatIsNeitherPdfNorHtmlIsTriedAgainUntilItIs() throws Exception {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(
        path,
        DocumentServer.document(
            200, "text/plain", "AccessDenied".getBytes(StandardCharsets.UTF_8)));

    Order order = send(documents.link(path), Instant.now());
    JsonObject tried = await(order, view -> view.getInt("attempts") >= 2, "tried twice");
    byte[] pdf = pdf(3_000);
    documents.on(path, DocumentServer.document(200, "application/pdf", pdf));

    assertEquals("WAITING", tried.getString("state"));
    assertEquals("neither a PDF nor an HTML page (text/plain)", tried.getString("lastError"));
    assertEquals(sha256(pdf), awaitState(order, "ARCHIVED").getString("sha256"));
  }

  /** Three redirects, each hop checked, are followed to the document; a fourth is refused. */
  @Test
  void threeRedirectsAreFollowedAFourthIsRefused() throws Exception {
    byte[] pdf = pdf(5_000);
    String target = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(target, DocumentServer.document(200, "application/pdf", pdf));
    String threeHops = chainOfRedirects(3, target);
    String fourHops = chainOfRedirects(4, target);

    JsonObject followed = awaitState(send(documents.link(threeHops), Instant.now()), "ARCHIVED");
    JsonObject refused = awaitState(send(documents.link(fourHops), Instant.now()), "REFUSED");

    assertEquals(sha256(pdf), followed.getString("sha256"));
    assertEquals("more than 3 redirects", refused.getString("lastError"));
    assertEquals(1, documents.requests(target), "fetched at the end of three hops only");
  }

  /** The first path of {@code hops} redirects, each to the next, the last to the target. */
  String chainOfRedirects(int hops, String target) {
    String next = target;
    for (int hop = 0; hop < hops; hop++) {
      String path = "/hop/" + hop + "/" + UUID.randomUUID();
      documents.on(path, DocumentServer.redirect(documents.link(next)));
      next = path;
    }
    return next;
  }

  @Test
  void aDocumentLargerThanTheCapIsCutThere() throws Exception {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, documents.endless());

    Order order = send(documents.link(path), Instant.now());
    JsonObject invoice = awaitState(order, "REFUSED");

    assertTrue(invoice.getString("lastError").contains("max-bytes"), invoice.toString());
    // Per attempt, the server wrote what the receiver read plus what the kernel buffers on
    // loopback: up to the largest receive and send buffers TCP may grow to here (tcp_rmem and
    // tcp_wmem; 32 MiB and 4 MiB on the CI machine), plus TLS records in flight. An unbounded
    // read goes on for as long as the server sends: a receiver that closed the TLS connection
    // politely at the cap read 144 MB in one attempt (the close reads on until the server's
    // close_notify). On a loaded machine an attempt can hit this test's 4 s total timeout before
    // the cap; each attempt is bounded the same way.
    long cap = 20L * 1024 * 1024;
    long buffered = largestTcpBuffer("tcp_rmem") + largestTcpBuffer("tcp_wmem") + (1 << 20);
    int attempts = invoice.getInt("attempts");
    System.out.printf(
        "PROOF endless document: %d bytes written by the server in %d attempt(s), cap %d%n",
        documents.bytesWritten(), attempts, cap);
    assertTrue(
        documents.bytesWritten() < attempts * (cap + buffered),
        "read no more than the cap (plus what the sockets buffer) per attempt: "
            + documents.bytesWritten()
            + " bytes in "
            + attempts
            + " attempt(s)");
  }

  /** The largest buffer TCP may grow a socket's to on this machine (the third of its values). */
  static long largestTcpBuffer(String setting) throws java.io.IOException {
    // Read to the end: Files.readString gets only the first byte of this /proc file here.
    try (var in =
        java.nio.file.Files.newInputStream(
            java.nio.file.Path.of("/proc/sys/net/ipv4/" + setting))) {
      String[] values =
          new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
      return Long.parseLong(values[2]);
    }
  }

  @Test
  void aServerThatTricklesIsGivenUpWithinTheTotalTimeout() throws Exception {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, DocumentServer.trickle());

    // A byte a second never lets a read time out: only the total timeout ends the attempt, so a
    // first attempt given up at all (within the wait's 20 s) is the proof, whatever the clocks.
    Order order = send(documents.link(path), Instant.now());
    JsonObject invoice =
        await(order, view -> view.getInt("attempts") >= 1, "a first attempt given up");

    assertEquals("WAITING", invoice.getString("state"));
    assertEquals("no complete answer within 4000 ms", invoice.getString("lastError"));
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
    HttpResponse<byte[]> unknown = ops.post("api/ops/invoices/NO-SUCH-NUMBER/fetch");
    assertEquals(404, unknown.statusCode());
    assertEquals("invoice_not_found", ((JsonObject) OpsClient.json(unknown)).getString("error"));
  }

  @Test
  void privateAddressesAreRefusedWithoutAConnectionWhereTheyAreNotAllowed() throws Exception {
    int trap = documents.trapPort();
    Map<String, String> environment = receiverEnvironment(false);
    environment.put(
        "COMPTAPPART_INVOICE_ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1],[::127.0.0.1],169.254.169.254");
    List<String> links =
        List.of(
            "https://127.0.0.1:" + trap + "/a.pdf",
            "https://[::1]:" + trap + "/a.pdf",
            // IPv4-compatible IPv6 (second security review, finding 6).
            "https://[::127.0.0.1]:" + trap + "/a.pdf",
            "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "https://localhost:" + trap + "/a.pdf");
    try (MicroProcess strict = startReceiver(environment)) {
      List<Order> orders = new ArrayList<>();
      for (String link : links) {
        orders.add(send(strict, withLink(Notifications.fresh(), link, Instant.now())));
      }
      for (Order order : orders) {
        assertTrue(
            Poll.until(WITHIN, () -> "REFUSED".equals(stateInDatabase(order))),
            order + ": " + stateInDatabase(order));
      }
      assertEquals(
          List.of("loopback", "loopback", "loopback", "link-local", "loopback"),
          orders.stream().map(InvoiceArchiveIT::refusedAddressKind).toList());
    }
    assertEquals(0, documents.trappedConnections(), "no connection to a private address");
  }

  /**
   * Pending archives live in the database: a receiver killed while the document server is down
   * leaves them waiting, and once restarted archives them (the restarted receiver's own counter
   * says it did). Then two receivers on the one database (the restarted one and a second) take 50
   * orders and fetch each document once, between them.
   */
  @Test
  void pendingArchivesSurviveAKillAndTwoReceiversFetchEachDocumentOnce() throws Exception {
    try (DocumentServer store = DocumentServer.down()) {
      byte[] pdf = pdf(10_000);
      List<Order> waiting = new ArrayList<>();
      try (MicroProcess first = startReceiver(receiverEnvironment(true))) {
        for (int i = 0; i < 5; i++) {
          String path = "/pending/" + i + "-" + UUID.randomUUID() + ".pdf";
          store.on(path, DocumentServer.document(200, "application/pdf", pdf));
          waiting.add(
              send(first, withLink(Notifications.fresh(), store.link(path), Instant.now())));
        }
        for (Order order : waiting) {
          assertTrue(
              Poll.until(WITHIN, () -> attemptsInDatabase(order) >= 1),
              "a first attempt against the document server that is down");
          assertEquals("WAITING", stateInDatabase(order));
        }
        // What ops watch: the gauge counts them (as of the schedule's last run, a second apart).
        assertTrue(
            Poll.until(WITHIN, () -> waiting(first) == 5.0),
            "comptappart_invoices_waiting " + waiting(first));
        first.kill();
      }
      store.listen();
      try (MicroProcess restarted = startReceiver(receiverEnvironment(true));
          MicroProcess second = startReceiver(receiverEnvironment(true))) {
        for (Order order : waiting) {
          assertTrue(
              Poll.until(Duration.ofSeconds(60), () -> "ARCHIVED".equals(stateInDatabase(order))),
              order + " after the restart: " + stateInDatabase(order));
        }
        assertTrue(
            Poll.until(WITHIN, () -> waiting(restarted) == 0.0),
            "comptappart_invoices_waiting " + waiting(restarted));
        double[] archived = {archived(restarted), archived(second)};
        assertEquals(5.0, archived[0] + archived[1], "the 5 waiting, archived after the restart");

        MicroProcess[] receivers = {restarted, second};
        List<String> paths = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          String path = "/shared/" + i + "-" + UUID.randomUUID() + ".pdf";
          store.on(path, DocumentServer.document(200, "application/pdf", pdf));
          paths.add(path);
          orders.add(
              send(
                  receivers[i % 2],
                  withLink(Notifications.fresh(), store.link(path), Instant.now())));
        }
        for (Order order : orders) {
          assertTrue(
              Poll.until(Duration.ofSeconds(60), () -> "ARCHIVED".equals(stateInDatabase(order))),
              order + ": " + stateInDatabase(order));
        }
        assertEquals(
            List.of(1),
            paths.stream().map(store::requests).distinct().toList(),
            "each document fetched once by one of the two receivers");
        double[] archivedShared = {
          archived(restarted) - archived[0], archived(second) - archived[1]
        };
        System.out.printf(
            "PROOF invoices on two receivers sharing a database: the 5 waiting archived by"
                + " %.0f + %.0f; 50 new ones by %.0f + %.0f%n",
            archived[0], archived[1], archivedShared[0], archivedShared[1]);
        assertEquals(50.0, archivedShared[0] + archivedShared[1], "archived between the two");
        assertTrue(archivedShared[0] > 0 && archivedShared[1] > 0, "both archived some");
        anExpiryIsAWarningWithEventIdAndInvoiceNumberOnly(restarted);
      }
    }
  }

  /** What ops alert on: one WARNING, with the event id and invoice number and nothing personal. */
  static void anExpiryIsAWarningWithEventIdAndInvoiceNumberOnly(MicroProcess receiver) {
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    // Its lifetime had passed on arrival: the receiver it was sent to expires it at once.
    JsonObject notification =
        withLink(
            Notifications.fresh(),
            documents.link(path),
            Instant.now().minus(Duration.ofHours(24)).minusSeconds(60));
    Order order = send(receiver, notification);
    assertEquals("EXPIRED", stateInDatabase(order));
    assertTrue(
        Poll.until(WITHIN, () -> receiver.output().contains(order.number + " of event")),
        receiver.output());
    String warning =
        receiver
            .output()
            .lines()
            .filter(line -> line.contains(order.number + " of event"))
            .findFirst()
            .orElseThrow();
    assertTrue(warning.contains("WARNING"), warning);
    assertTrue(warning.contains("expired before it could be archived"), warning);
    assertTrue(warning.contains(order.eventId), warning);
    JsonObject customer = notification.getJsonObject("customer");
    for (String personal :
        List.of(
            customer.getString("email"),
            customer.getString("last_name"),
            customer.getString("phone"),
            path)) {
      assertFalse(receiver.output().contains(personal), "the log holds " + personal);
    }
    assertEquals(0, documents.requests(path), "an expired link is not fetched");
  }

  // Helpers.

  /** A receiver started by the test, on the tests' database, fetching from the tests' servers. */
  static Map<String, String> receiverEnvironment(boolean allowPrivate) {
    Map<String, String> environment = new HashMap<>();
    environment.put("COMPTAPPART_API_KEYS", ReceiverDeployment.API_KEY);
    environment.put("COMPTAPPART_DELIVERY_SPOOL_DIR", ReceiverDeployment.freshSpool().toString());
    environment.put("COMPTAPPART_INVOICE_ALLOWED_HOSTS", "localhost");
    environment.put("COMPTAPPART_INVOICE_ALLOW_PRIVATE_ADDRESSES", String.valueOf(allowPrivate));
    environment.put("COMPTAPPART_INVOICE_FIRST_RETRY", "PT1S");
    environment.put("COMPTAPPART_INVOICE_POLL_INTERVAL", "PT1S");
    environment.put("COMPTAPPART_INVOICE_TOTAL_TIMEOUT_MS", "4000");
    return environment;
  }

  static double waiting(MicroProcess receiver) {
    return Metrics.of(receiver.base()).value("comptappart_invoices_waiting");
  }

  /** The documents this receiver archived, by its own counter. */
  static double archived(MicroProcess receiver) {
    return Metrics.of(receiver.base()).value("comptappart_invoices_total", "outcome=\"archived\"");
  }

  static String stateInDatabase(Order order) {
    List<Map<String, Object>> rows = documentRow(order);
    return rows.isEmpty() ? null : (String) rows.get(0).get("state");
  }

  static int attemptsInDatabase(Order order) {
    List<Map<String, Object>> rows = documentRow(order);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("attempts")).intValue();
  }

  static String refusedAddressKind(Order order) {
    String error = (String) documentRow(order).get(0).get("last_error");
    return error.replaceAll(".* resolves to a ([a-z-]+) address.*", "$1");
  }

  static List<Map<String, Object>> documentRow(Order order) {
    return StoredOrders.rowsIn(
        order.database,
        "select d.state, d.attempts, d.last_error from invoice_document d"
            + " join customer_order o on o.id = d.customer_order_id where o.event_id = ?",
        order.eventId);
  }

  /** An order sent, and the database of the receiver it was sent to. */
  record Order(String eventId, long orderId, String number, String database) {}

  /** An order whose invoice links to the document at this path, under the name suggested. */
  Order sendSuggesting(String path, String pdfFilename) {
    return send(
        Notifications.with(
            withLink(
                Notifications.fresh(Notifications.contractExample()),
                documents.link(path),
                Instant.now()),
            "/invoice/pdf_filename",
            Json.createValue(pdfFilename)));
  }

  Order send(String link, Instant timestamp) {
    return send(withLink(Notifications.fresh(), link, timestamp));
  }

  Order send(JsonObject notification) {
    return send(sender, notification);
  }

  static Order send(WebhookClient to, JsonObject notification) {
    return send(to, notification, TestDatabase.NAME);
  }

  static Order send(MicroProcess receiver, JsonObject notification) {
    return send(
        new WebhookClient(receiver.base(), ReceiverDeployment.API_KEY),
        notification,
        STARTED_RECEIVERS);
  }

  static Order send(WebhookClient to, JsonObject notification, String database) {
    HttpResponse<String> answer = to.post(notification.toString());
    assertEquals(200, answer.statusCode(), answer.body());
    return new Order(
        notification.getString("event_id"),
        notification.getJsonNumber("order_id").longValue(),
        notification.getJsonObject("invoice").getString("number"),
        database);
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
