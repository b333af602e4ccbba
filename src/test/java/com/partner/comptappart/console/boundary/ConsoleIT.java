package com.partner.comptappart.console.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.DocumentServer;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OpsClient;
import com.partner.comptappart.it.OpsRealm;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops console in a real browser (Debian's headless Chromium, driven by its ChromeDriver)
 * against a real receiver on Payara Micro and PostgreSQL: what ops do with it, and what an attacker
 * cannot. Each page's screenshot is written to {@code target/console-screenshots/}.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

  static final Path SCREENSHOTS = Path.of("target/console-screenshots");
  static final String SECRET = "whsec_console_3d9a61f0b2";
  static final Path MAIL_SERVER =
      Path.of(System.getProperty("it.war")).resolveSibling("it-console-mail");
  static final Duration WITHIN = Duration.ofSeconds(20);
  static DocumentServer documents;

  @Deployment(testable = false)
  static WebArchive receiver() throws IOException {
    Files.createDirectories(MAIL_SERVER);
    return ReceiverDeployment.withConfig(
            "comptappart.api-keys",
            ReceiverDeployment.API_KEY,
            // As in staging: signed deliveries, through the company's proxy (this test, on
            // loopback).
            "comptappart.signing-secrets",
            SECRET,
            "comptappart.trusted-proxies",
            "127.0.0.1",
            "comptappart.invoice.allowed-hosts",
            "localhost",
            // The document server is on loopback: allowed here only (refused in production).
            "comptappart.invoice.allow-private-addresses",
            "true",
            // An outage's records drain, and its 503'd orders are stored, within seconds of its
            // end.
            "comptappart.delivery-spool-drain-seconds",
            "2",
            "comptappart.outage-recovery.interval",
            "PT2S",
            // Partner code after the commit: a welcome mail whose server the test takes down.
            com.partner.comptappart.it.WelcomeMailHandler.DIRECTORY,
            MAIL_SERVER.toString(),
            "comptappart.handlers.interval",
            "PT1S",
            "comptappart.handlers.max-attempts",
            "1")
        .addClasses(com.partner.comptappart.it.WelcomeMailHandler.class, Poll.class);
  }

  @ArquillianResource URL base;
  WebhookClient sender;
  OpsClient ops;
  WebDriver browser;
  Path downloads;

  @BeforeAll
  static void startDocumentServer() throws IOException {
    documents = DocumentServer.start();
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopDocumentServer() throws IOException {
    documents.close();
  }

  @BeforeEach
  void openBrowser() throws IOException {
    // To 127.0.0.1, the proxy this receiver trusts ("localhost" may connect over ::1).
    sender =
        new WebhookClient(
            new URL("http", "127.0.0.1", base.getPort(), "/"), ReceiverDeployment.API_KEY);
    ops = new OpsClient(base);
    downloads = Files.createTempDirectory(Path.of("target"), "console-downloads");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toAbsolutePath().toString(),
            "download.prompt_for_download",
            false));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    // Headless Chromium saves downloads only where it is told to.
    chrome.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
    browser = chrome;
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void opsFindAnOrderByEmailDownloadItsInvoiceReplayAParkedDeliveryAndEraseTheBuyer()
      throws Exception {
    String email = "console." + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    byte[] pdf = ("%PDF-1.4\n" + "x".repeat(5_000) + "\n%%EOF").getBytes(StandardCharsets.US_ASCII);
    String path = "/invoices/" + UUID.randomUUID() + ".pdf";
    documents.on(path, DocumentServer.document(200, "application/pdf", pdf));
    JsonObject order = orderWith(email, documents.link(path));
    assertEquals(200, deliver(order.toString()).statusCode());
    long orderId = order.getJsonNumber("order_id").longValue();
    String number = order.getJsonObject("invoice").getString("number");
    assertTrue(Poll.until(WITHIN, () -> "ARCHIVED".equals(invoiceState(orderId))), "archived");
    JsonObject unknownEvent =
        Notifications.with(
            Notifications.fresh(), "/event_type", Json.createValue("order.teleported"));
    assertEquals(202, deliver(unknownEvent.toString()).statusCode());

    logIn();
    WebElement today = waitFor(By.id("orders-today"));
    assertTrue(Poll.until(WITHIN, () -> !"–".equals(today.getText())), "the overview's figures");
    assertTrue(Long.parseLong(today.getText()) >= 1, today.getText());
    assertEquals("Database: answering", text("database-state"));
    screenshot("overview");

    // An order by its buyer's e-mail, and its archived invoice downloaded.
    browser.findElement(By.id("nav-orders")).click();
    new Select(browser.findElement(By.id("order-by"))).selectByValue("email");
    browser.findElement(By.id("order-value")).sendKeys(email);
    browser.findElement(By.cssSelector("#order-search button")).click();
    WebElement found = waitForText(By.id("order-results"), "Order " + orderId);
    assertTrue(
        found.getText().contains(order.getJsonObject("order").get("total_amount").toString()));
    String amount =
        order.getJsonObject("order").getJsonNumber("total_amount").bigDecimalValue().setScale(2)
            + " "
            + order.getJsonObject("order").getString("currency");
    assertTrue(found.getText().contains(amount), found.getText());
    screenshot("orders");
    browser.findElement(By.linkText("Download the archived invoice")).click();
    assertTrue(Poll.until(WITHIN, () -> downloaded().isPresent()), "the invoice downloaded");
    assertArrayEquals(pdf, Files.readAllBytes(downloaded().orElseThrow()));

    // A parked delivery replayed, after a confirmation, and its result shown.
    browser.findElement(By.id("nav-deliveries")).click();
    new Select(browser.findElement(By.id("filter-outcome"))).selectByVisibleText("PARKED");
    browser.findElement(By.id("filter-event")).sendKeys(unknownEvent.getString("event_id"));
    browser.findElement(By.cssSelector("#delivery-filter button")).click();
    openTheFilteredDelivery(unknownEvent.getString("event_id"));
    waitFor(By.id("replay")).click();
    assertTrue(browser.findElement(By.id("replay-confirm")).isDisplayed(), "asked first");
    assertEquals("", text("replay-result"), "nothing replayed before the confirmation");
    browser.findElement(By.id("replay-yes")).click();
    WebElement replayed = waitForText(By.id("replay-result"), "Replayed as delivery");
    assertTrue(replayed.getText().contains("PARKED, 202"), replayed.getText());
    screenshot("deliveries");

    // The buyer erased, after a confirmation; the order keeps its amounts.
    browser.findElement(By.id("nav-personal-data")).click();
    browser.findElement(By.id("held-email")).sendKeys(email);
    browser.findElement(By.cssSelector("#held-search button")).click();
    waitForText(By.id("held-result"), "1 order(s)");
    waitFor(By.id("erase")).click();
    assertTrue(browser.findElement(By.id("erase-confirm")).isDisplayed(), "asked first");
    browser.findElement(By.id("erase-yes")).click();
    WebElement erased = waitForText(By.id("erase-result"), "Erasure: erased");
    assertTrue(erased.getText().contains("1 order(s) erased"), erased.getText());
    screenshot("personal-data");
    JsonObject stored =
        ((JsonArray) OpsClient.json(ops.get("api/ops/orders?orderId=" + orderId))).getJsonObject(0);
    assertEquals(
        order.getJsonObject("order").getJsonNumber("total_amount").bigDecimalValue(),
        stored.getJsonNumber("totalAmount").bigDecimalValue());
    assertEquals(
        0,
        ((JsonObject) OpsClient.json(ops.get("api/ops/personal-data?email=" + email)))
            .getJsonArray("orders")
            .size());
  }

  /**
   * With the database away the overview says so and shows the spool, and stays usable; once it is
   * back, the delivery answered 503 is in the list, and recovered: its order stored.
   */
  @Test
  void theOverviewShowsTheDatabaseAwayAndTheOutagesDeliveriesRecoveredOnceItIsBack()
      throws Exception {
    DatabaseLink database = IntegrationEnvironment.databaseLink();
    JsonObject order = Notifications.fresh();
    String eventId = order.getString("event_id");
    logIn();
    database.switchTo(DatabaseLink.Mode.REFUSE);
    try {
      HttpResponse<String> away = deliver(order.toString());
      assertEquals(503, away.statusCode(), away.body());
      browser.findElement(By.id("nav-deliveries")).click();
      browser.findElement(By.id("nav-overview")).click();
      waitForText(By.id("database-state"), "Database: away");
      assertTrue(Long.parseLong(text("spooled")) >= 1, "spooled: " + text("spooled"));
      screenshot("overview-database-away");
    } finally {
      database.switchTo(DatabaseLink.Mode.FORWARD);
    }
    assertTrue(
        Poll.until(Duration.ofSeconds(60), () -> StoredOrders.countByEventId(eventId) == 1),
        "the 503'd order recovered");

    browser.findElement(By.id("nav-deliveries")).click();
    browser.findElement(By.id("filter-event")).sendKeys(eventId);
    browser.findElement(By.cssSelector("#delivery-filter button")).click();
    WebElement list = waitForText(By.id("delivery-list"), "CREATED");
    assertTrue(list.getText().contains("FAILED"), list.getText());
    assertTrue(list.getText().contains("503 database_unavailable"), list.getText());
    browser.findElement(By.id("nav-overview")).click();
    waitForText(By.id("database-state"), "Database: answering");
    assertEquals("0", text("spooled"));
  }

  /** A delivery's body is shown as text: markup in it is never rendered, and no script runs. */
  @Test
  void aBodyWithMarkupIsShownAsTextAndRunsNothing() throws Exception {
    String marker = UUID.randomUUID().toString().substring(0, 8);
    String hostile =
        "{\"event_id\":\"evt_xss_"
            + marker
            + "\",\"note\":\"<script>window.pwned='script'</script>"
            + "<img src=x onerror=\\\"window.pwned='img'\\\">\"}";
    HttpResponse<String> refused = deliver(hostile);
    assertEquals(400, refused.statusCode(), refused.body());
    JsonArray recorded =
        (JsonArray) OpsClient.json(ops.get("api/ops/deliveries?eventId=evt_xss_" + marker));
    assertEquals(1, recorded.size(), "the refusal is in the delivery log: " + recorded);

    logIn();
    browser.findElement(By.id("nav-deliveries")).click();
    browser.findElement(By.id("filter-event")).sendKeys("evt_xss_" + marker);
    browser.findElement(By.cssSelector("#delivery-filter button")).click();
    openTheFilteredDelivery("evt_xss_" + marker);
    WebElement body = waitForText(By.id("detail-body"), "<script>");

    assertTrue(body.getText().contains("<img src=x onerror="), body.getText());
    assertTrue(
        browser.findElements(By.cssSelector("#detail-body img, #detail-body script")).isEmpty());
    assertNull(((JavascriptExecutor) browser).executeScript("return window.pwned"));
    screenshot("delivery-with-markup");
  }

  /** A page of another origin, in the ops user's browser, cannot make the console replay. */
  @Test
  void aPageOnAnotherOriginCannotReplay() throws Exception {
    JsonObject unknownEvent =
        Notifications.with(Notifications.fresh(), "/event_type", Json.createValue("order.lured"));
    assertEquals(202, deliver(unknownEvent.toString()).statusCode());
    long id =
        ((JsonArray)
                OpsClient.json(
                    ops.get("api/ops/deliveries?eventId=" + unknownEvent.getString("event_id"))))
            .getJsonObject(0)
            .getJsonNumber("id")
            .longValue();
    URI replay = base.toURI().resolve("api/ops/deliveries/" + id + "/replay");
    HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    String page =
        "<!DOCTYPE html><html><body><form id=f method=post action='"
            + replay
            + "'></form><script>fetch('"
            + replay
            + "',{method:'POST',credentials:'include',headers:{'X-Requested-By':'x'}})"
            + ".catch(()=>{}).finally(()=>{document.getElementById('f').submit()})</script>"
            + "</body></html>";
    attacker.createContext(
        "/",
        exchange -> {
          byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    attacker.start();
    try {
      logIn();
      browser.get("http://127.0.0.2:" + attacker.getAddress().getPort() + "/");
      assertTrue(
          Poll.until(WITHIN, () -> !browser.getCurrentUrl().startsWith("http://127.0.0.2")),
          "the form was sent");
    } finally {
      attacker.stop(0);
    }
    List<?> deliveries =
        (JsonArray)
            OpsClient.json(
                ops.get("api/ops/deliveries?eventId=" + unknownEvent.getString("event_id")));
    assertEquals(1, deliveries.size(), "no replay recorded: " + deliveries);
  }

  @Test
  void theConsoleIsForOpsOnly() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI console = base.toURI().resolve("ops/");
    HttpResponse<String> anonymous =
        http.send(HttpRequest.newBuilder(console).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> outsider =
        http.send(
            HttpRequest.newBuilder(console)
                .header("Authorization", OpsRealm.basic(OpsRealm.OUTSIDER, OpsRealm.PASSWORD))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> opsUser =
        http.send(
            HttpRequest.newBuilder(console)
                .header("Authorization", OpsRealm.basic(OpsRealm.USER, OpsRealm.PASSWORD))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(401, anonymous.statusCode());
    assertFalse(anonymous.body().contains("console.js"));
    assertEquals(403, outsider.statusCode());
    assertEquals(200, opsUser.statusCode());
    assertEquals(
        ConsolePolicyFilter.POLICY,
        opsUser.headers().firstValue("Content-Security-Policy").orElse(null));
  }

  /**
   * The go-live evidence: a ping and a test order as ComptAppart sends them (signed, over HTTPS
   * through the proxy), and a request with a wrong key, seen on the Integration page and in its
   * exported report.
   */
  @Test
  void theIntegrationPageShowsWhatTheReceiverSawOfComptAppartAndExportsItsReport()
      throws Exception {
    JsonObject ping =
        Json.createObjectBuilder()
            .add("event_type", "ping")
            .add("timestamp", java.time.Instant.now().toString())
            .build();
    JsonObject order = Notifications.fresh();
    assertEquals(200, deliver(ping.toString()).statusCode());
    assertEquals(200, deliver(order.toString()).statusCode());
    assertEquals(401, new WebhookClient(base, "a-wrong-key-".repeat(3)).post("{}").statusCode());

    logIn();
    browser.findElement(By.id("nav-integration")).click();
    waitForText(By.id("integration-checks"), "Pings received");
    // Each check covers every delivery of the window, also other test classes' of this database:
    // whether each passes is IntegrationEvidenceTest's; here, that the page shows them.
    List<String> checks =
        browser.findElements(By.cssSelector("#integration-checks li")).stream()
            .map(WebElement::getText)
            .toList();
    for (String check :
        List.of(
            "Pings received",
            "Orders received",
            "Over HTTPS",
            "Through the company's proxy",
            "Valid API key",
            "Signature verified",
            "Answered within the contract's 10 s",
            "Refused")) {
      assertTrue(checks.stream().anyMatch(line -> line.contains(check)), check + " in " + checks);
    }
    String table = text("integration-list");
    assertTrue(table.contains(Notifications.eventId(order)), table);
    assertTrue(table.contains("ping"), table);
    // The test servers' environment (src/test/server-config/post-boot-commands.asadmin).
    assertEquals("Environment: test", text("integration-environment").replaceAll(",.*", ""));
    screenshot("integration");

    browser.findElement(By.id("integration-report")).click();
    assertTrue(Poll.until(WITHIN, () -> downloaded().isPresent()), "the report downloaded");
    Path file = downloaded().orElseThrow();
    assertTrue(
        file.getFileName().toString().startsWith("comptappart-integration-test-"), file.toString());
    String report = Files.readString(file);
    assertTrue(report.startsWith("# ComptAppart integration: test\n"), report);
    assertTrue(report.contains("- [x] Pings received: "), report);
    assertTrue(report.contains("invalid_api_key"), report);
    String pingLine = report.lines().filter(l -> l.contains("| ping |")).findFirst().orElseThrow();
    assertTrue(pingLine.contains("| yes | yes | verified (secret 1) | 200 "), pingLine);
    String orderLine =
        report
            .lines()
            .filter(l -> l.contains(Notifications.eventId(order)))
            .findFirst()
            .orElseThrow();
    assertTrue(
        orderLine.matches(
            ".*\\| yes \\| yes \\| verified \\(secret 1\\) \\| 200 CREATED \\| \\d+ \\|"),
        orderLine);
  }

  /**
   * Partner work after the commit, seen from the order: a handler given up (its mail server down)
   * shows FAILED with its error, and "Run again", once the server is back, gets it done.
   */
  @Test
  void anOrdersHandlerRunGivenUpIsShownAndRunAgainFromTheOrder() throws Exception {
    JsonObject order = Notifications.fresh();
    String event = Notifications.eventId(order);
    Path down = MAIL_SERVER.resolve("down-" + event);
    Files.writeString(down, "1");
    assertEquals(200, deliver(order.toString()).statusCode());
    assertTrue(Poll.until(WITHIN, () -> "FAILED".equals(runState(event))), "given up");

    logIn();
    browser.findElement(By.id("nav-orders")).click();
    new Select(browser.findElement(By.id("order-by"))).selectByValue("orderId");
    browser.findElement(By.id("order-value")).sendKeys(order.getJsonNumber("order_id").toString());
    browser.findElement(By.cssSelector("#order-search button")).click();
    WebElement runs = waitForText(By.cssSelector(".handler-runs"), "welcome-mail");
    assertTrue(runs.getText().contains("FAILED"), runs.getText());
    assertTrue(runs.getText().contains("mail server unavailable"), runs.getText());
    screenshot("order-handler-runs");

    Files.delete(down);
    browser.findElement(By.xpath("//div[@class='handler-runs']//button")).click();
    assertTrue(Poll.until(WITHIN, () -> "DONE".equals(runState(event))), "run again by ops");
    assertTrue(Files.exists(MAIL_SERVER.resolve("mail-" + event)), "the mail queued");
  }

  /**
   * Opens the delivery of the filtered list: the list filtered on the event, not the whole one the
   * section opened with (which holds the event too, and is replaced under the hand).
   */
  void openTheFilteredDelivery(String eventId) {
    WebDriverWait wait = new WebDriverWait(browser, WITHIN);
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.until(
        driver -> {
          List<WebElement> rows = driver.findElements(By.cssSelector("#delivery-list tbody tr"));
          return !rows.isEmpty() && rows.stream().allMatch(row -> row.getText().contains(eventId));
        });
    wait.until(
        driver -> {
          driver.findElement(By.cssSelector("#delivery-list tbody button")).click();
          return true;
        });
  }

  String runState(String eventId) {
    JsonArray runs = (JsonArray) OpsClient.json(ops.get("api/ops/handler-runs?eventId=" + eventId));
    return runs.isEmpty() ? null : runs.getJsonObject(0).getString("state");
  }

  /** As ComptAppart sends once a signing secret is agreed, through the company's proxy. */
  HttpResponse<String> deliver(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return sender.send(
        sender
            .request()
            .header("X-Forwarded-For", "198.51.100.7")
            .header("X-Forwarded-Proto", "https")
            .header(
                "X-Qlower-Signature",
                com.partner.comptappart.it.SenderSignature.header(
                    SECRET, java.time.Instant.now().getEpochSecond(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  void logIn() throws Exception {
    URI console = base.toURI().resolve("ops/");
    browser.get(
        console.getScheme()
            + "://"
            + OpsRealm.USER
            + ":"
            + OpsRealm.PASSWORD
            + "@"
            + console.getAuthority()
            + console.getPath());
    waitFor(By.id("nav-overview"));
    // As after the browser's login prompt: the page's own address, the credentials remembered.
    browser.get(console.toString());
    waitFor(By.id("nav-overview"));
  }

  JsonObject orderWith(String email, String invoiceLink) {
    JsonObject fresh = Notifications.fresh(Notifications.contractExample());
    JsonObject withEmail = Notifications.with(fresh, "/customer/email", Json.createValue(email));
    JsonObject linked =
        Notifications.with(withEmail, "/invoice/pdf_url", Json.createValue(invoiceLink));
    JsonObject numbered =
        Notifications.with(
            linked,
            "/invoice/number",
            Json.createValue("CONSOLE-" + UUID.randomUUID().toString().substring(0, 8)));
    // The link's lifetime runs from the notification's time: now, not the contract example's.
    return Notifications.with(
        numbered, "/timestamp", Json.createValue(java.time.Instant.now().toString()));
  }

  String invoiceState(long orderId) {
    JsonObject order =
        ((JsonArray) OpsClient.json(ops.get("api/ops/orders?orderId=" + orderId))).getJsonObject(0);
    return order.isNull("invoice") ? null : order.getJsonObject("invoice").getString("state");
  }

  java.util.Optional<Path> downloaded() {
    try (Stream<Path> files = Files.list(downloads)) {
      return files.filter(f -> !f.toString().endsWith(".crdownload")).findFirst();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  WebElement waitFor(By locator) {
    return new WebDriverWait(browser, WITHIN)
        .until(
            driver ->
                driver.findElements(locator).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null));
  }

  WebElement waitForText(By locator, String text) throws IOException {
    try {
      return new WebDriverWait(browser, WITHIN)
          .until(
              driver -> {
                List<WebElement> found = driver.findElements(locator);
                return found.isEmpty() || !found.get(0).getText().contains(text)
                    ? null
                    : found.get(0);
              });
    } catch (org.openqa.selenium.TimeoutException notShown) {
      screenshot("failed-" + System.currentTimeMillis());
      throw new AssertionError(
          "'" + text + "' not shown in " + locator + "; status: " + text("status"), notShown);
    }
  }

  String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  void screenshot(String name) throws IOException {
    Files.write(
        SCREENSHOTS.resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
