package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Command;
import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OpsRealm;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.SenderSignature;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The one WAR on WildFly (Jakarta EE 10, EclipseLink installed as its JPA provider module),
 * configured and deployed by ops' own scripts ({@code server-config/wildfly}), on PostgreSQL
 * through a link the test can cut. One boot for every proof.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyIT {

  static final String KEY = "it-wildfly-key-0123456789abcdefghijklmnop";
  static final String SECRET = "whsec_it_wildfly_6c1e9a";

  /** WildFly's ports moved by this offset (HTTP 8080, management 9990) clear of other tests. */
  static final int OFFSET = 1170;

  static final Path PROJECT = Path.of("").toAbsolutePath();
  static final Path HOME = PROJECT.resolve("target/it-wildfly-" + fork() + "/wildfly");
  static final String DATABASE = TestDatabase.NAME + "_wildfly";

  static DatabaseLink database;
  static Process server;
  static Path serverLog;
  static URL base;
  static URL management;
  static WebhookClient sender;

  @BeforeAll
  static void configureAndStartWildFly() throws Exception {
    long started = System.nanoTime();
    unpack();
    TestDatabase.recreate(DATABASE);
    database = DatabaseLink.to(TestDatabase.HOST, TestDatabase.PORT);
    Command.Result configured =
        Command.run(
            List.of(
                "bash",
                PROJECT.resolve("server-config/wildfly/configure.sh").toString(),
                "staging"),
            environment(),
            null);
    assertEquals(0, configured.exitCode(), configured.output());
    Command.Result outsider =
        Command.run(
            HOME.resolve("bin/add-user.sh").toString(),
            "-a",
            "-s",
            "-u",
            OpsRealm.OUTSIDER,
            "-p",
            OpsRealm.PASSWORD);
    assertEquals(0, outsider.exitCode(), outsider.output());
    base = new URL("http://127.0.0.1:" + (8080 + OFFSET) + "/");
    management = new URL("http://127.0.0.1:" + (9990 + OFFSET) + "/");
    sender = new WebhookClient(base, KEY);
    serverLog = HOME.getParent().resolve("server.out");
    server =
        new ProcessBuilder(
                HOME.resolve("bin/standalone.sh").toString(),
                "-c",
                "standalone-microprofile.xml",
                "-Djboss.socket.binding.port-offset=" + OFFSET)
            .redirectErrorStream(true)
            .redirectOutput(serverLog.toFile())
            .start();
    assertTrue(
        Poll.until(Duration.ofMinutes(2), () -> log().contains("WFLYSRV0025")),
        "WildFly started:\n" + log());
    System.out.printf(
        "PROOF WildFly %s: unpacked, configured (configure.sh staging), started in %d s%n",
        HOME.getFileName(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  @AfterAll
  static void stopWildFly() throws Exception {
    if (server != null) {
      server.descendants().forEach(ProcessHandle::destroy);
      server.destroy();
      server.onExit().get();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  @Order(1)
  void theWarDeploysWhileTheDatabaseIsAwayAnswers503AndStoresOnceItIsBack() {
    JsonObject order = Notifications.fresh(Notifications.contractExample());
    database.switchTo(DatabaseLink.Mode.REFUSE);
    try {
      Command.Result deployed = cli("deploy " + war() + " --name=comptappart-orders.war");
      assertEquals(0, deployed.exitCode(), deployed.output() + log());

      HttpResponse<String> away = post(order.toString());
      assertEquals(503, away.statusCode(), away.body());
      assertEquals("60", away.headers().firstValue("Retry-After").orElse(null));
      assertEquals(503, Readiness.of(management).statusCode());
    } finally {
      database.switchTo(DatabaseLink.Mode.FORWARD);
    }
    HttpResponse<String> back = post(order.toString());
    assertEquals(200, back.statusCode(), back.body() + log());
    assertEquals("created", WebhookClient.json(back).getString("status"));
    assertEquals(1, StoredOrders.countIn(DATABASE, COUNT_EVENT, eventId(order)));
    assertEquals(
        migrations(),
        StoredOrders.countIn(
            DATABASE,
            "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"));
    assertEquals(List.of("database UP"), databaseCheck());
  }

  @Test
  @Order(2)
  void opsDeployWithTheProcedureWhichRefusesAnotherEnvironment() {
    Command.Result wrong = deploy("production");
    assertEquals(1, wrong.exitCode(), wrong.output());
    assertTrue(wrong.output().contains("configured for 'staging'"), wrong.output());

    Command.Result deployed = deploy("staging");

    assertEquals(0, deployed.exitCode(), deployed.output() + log());
    assertTrue(deployed.output().contains("step 4/4 deployed"), deployed.output());
    assertEquals(200, post(Notifications.fresh().toString()).statusCode());
  }

  @Test
  @Order(3)
  void theContractsExampleIsStoredFieldByFieldAndItsCopyIsAlreadyProcessed() {
    JsonObject order = Notifications.fresh(Notifications.contractExample());

    HttpResponse<String> created = post(order.toString());
    HttpResponse<String> copy = post(order.toString());

    assertEquals(200, created.statusCode(), created.body());
    assertEquals("created", WebhookClient.json(created).getString("status"));
    assertEquals("already_processed", WebhookClient.json(copy).getString("status"));
    Map<String, Object> stored =
        StoredOrders.rowsIn(
                DATABASE, "SELECT * FROM customer_order WHERE event_id = ?", eventId(order))
            .get(0);
    JsonObject purchase = order.getJsonObject("order");
    JsonObject customer = order.getJsonObject("customer");
    assertEquals(order.getJsonNumber("order_id").longValue(), stored.get("order_id"));
    assertEquals(order.getString("event_type"), stored.get("event_type"));
    assertEquals(
        new BigDecimal(purchase.get("total_amount").toString()), stored.get("total_amount"));
    assertEquals(purchase.getString("currency"), stored.get("currency"));
    assertEquals(customer.getString("email"), stored.get("email"));
    assertEquals(customer.getString("last_name"), stored.get("last_name"));
    assertEquals(order.getJsonObject("invoice").getString("number"), stored.get("invoice_number"));
    assertEquals("staging", stored.get("environment"));
    List<Map<String, Object>> lines =
        StoredOrders.rowsIn(
            DATABASE,
            "SELECT l.* FROM product_line l JOIN customer_order o ON o.id = l.customer_order_id"
                + " WHERE o.event_id = ? ORDER BY l.line_number",
            eventId(order));
    assertEquals(purchase.getJsonArray("products").size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonObject product = purchase.getJsonArray("products").getJsonObject(i);
      assertEquals(product.getString("product_id"), lines.get(i).get("product_id"));
      assertEquals(
          new BigDecimal(product.get("unit_price").toString()), lines.get(i).get("unit_price"));
    }
  }

  @Test
  @Order(4)
  void aSigned22OrderIsStoredAndAnUnsignedOneRefused() throws Exception {
    byte[] body =
        Notifications.fresh(
                Json.createReader(
                        WildFlyIT.class.getResourceAsStream(
                            "/notifications/contract-2.2-example.json"))
                    .readObject())
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    long t = Instant.now().getEpochSecond();

    HttpResponse<String> signed =
        sender.send(
            sender
                .request()
                .header("X-Qlower-Signature", SenderSignature.header(SECRET, t, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    HttpResponse<String> unsigned =
        sender.send(sender.request().POST(HttpRequest.BodyPublishers.ofByteArray(body)));

    assertEquals(200, signed.statusCode(), signed.body());
    assertEquals("created", WebhookClient.json(signed).getString("status"));
    assertEquals(401, unsigned.statusCode(), unsigned.body());
    assertEquals("signature_missing", WebhookClient.json(unsigned).getString("error"));
  }

  @Test
  @Order(5)
  void aLostDatabaseIsAnswered503PromptlyAndTheRetryIsStoredOnce() {
    JsonObject order = Notifications.fresh();
    database.switchTo(DatabaseLink.Mode.BLACKHOLE);
    try {
      long start = System.nanoTime();
      HttpResponse<String> lost = post(order.toString());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals(503, lost.statusCode(), lost.body());
      assertEquals("60", lost.headers().firstValue("Retry-After").orElse(null));
      assertEquals("database_unavailable", WebhookClient.json(lost).getString("error"));
      assertTrue(
          took.compareTo(DatabaseOutageIT.SENDER_TIMEOUT) < 0,
          "answered in " + took.toMillis() + " ms");
    } finally {
      database.switchTo(DatabaseLink.Mode.FORWARD);
    }
    HttpResponse<String> retry = post(order.toString());
    assertEquals(200, retry.statusCode(), retry.body());
    assertEquals(1, StoredOrders.countIn(DATABASE, COUNT_EVENT, eventId(order)));
    List<Long> serverTimes =
        StoredOrders.unavailableAnswerTimes(DATABASE, new String[] {eventId(order)}, 1);
    assertEquals(1, serverTimes.size(), "the 503 in the delivery log");
    assertTrue(
        serverTimes.get(0) < DatabaseOutageIT.PROMPT_ANSWER.toMillis(),
        "the receiver's own time for the 503: " + serverTimes.get(0) + " ms");
  }

  @Test
  @Order(6)
  void theOpsApiIsForTheRealmsGroupOps() throws Exception {
    assertEquals(401, ops(null, null).statusCode());
    assertEquals(401, ops(OpsRealm.USER, "not-the-password").statusCode());
    assertEquals(403, ops(OpsRealm.OUTSIDER, OpsRealm.PASSWORD).statusCode());
    HttpResponse<String> allowed = ops(OpsRealm.USER, OpsRealm.PASSWORD);
    assertEquals(200, allowed.statusCode(), allowed.body());
    assertTrue(allowed.body().startsWith("["), allowed.body());
  }

  @Test
  @Order(7)
  void opsReadTheCountersOnTheManagementPortsPrometheusEndpoint() throws Exception {
    int before = (int) created();
    assertEquals(200, post(Notifications.fresh().toString()).statusCode());

    assertEquals(before + 1, (int) created());
    assertEquals(List.of("database UP"), databaseCheck());
  }

  /** Sent as ComptAppart sends once it signs (the staging configuration has a signing secret). */
  static HttpResponse<String> post(String json) {
    return sender.postSigned(json, SECRET);
  }

  static final String COUNT_EVENT = "SELECT count(*) FROM customer_order WHERE event_id = ?";

  @Test
  @Order(8)
  void aFailedDeploymentLeavesTheRunningVersionServingAndStagingNeverDeploysOpen()
      throws Exception {
    Command.Result broken =
        Command.run(
            List.of(
                "bash",
                PROJECT.resolve("server-config/wildfly/deploy.sh").toString(),
                "staging",
                ReceiverDeployment.warWithFailingMigration().toString()),
            Map.of(
                "WILDFLY_HOME",
                HOME.toString(),
                "WILDFLY_MANAGEMENT",
                "127.0.0.1:" + (9990 + OFFSET)),
            null);
    assertEquals(1, broken.exitCode(), broken.output());
    assertTrue(broken.output().contains("rolled back"), broken.output());
    assertEquals(200, post(Notifications.fresh().toString()).statusCode(), "the running version");

    Command.Result keys = cli("/system-property=comptappart.api-keys:read-attribute(name=value)");
    Matcher value =
        Pattern.compile("\"result\" => (?:expression )?\"(.*)\"").matcher(keys.output());
    assertTrue(value.find(), keys.output());
    assertEquals(0, cli("/system-property=comptappart.api-keys:remove").exitCode());
    try {
      Command.Result open = deploy("staging");
      assertEquals(1, open.exitCode(), open.output());
      assertTrue(open.output().contains("never deploys open"), open.output());
    } finally {
      Command.Result restored =
          cli("/system-property=comptappart.api-keys:add(value=\"" + value.group(1) + "\")");
      assertEquals(0, restored.exitCode(), restored.output());
    }
    assertEquals(200, post(Notifications.fresh().toString()).statusCode());
  }

  /** The created deliveries counted on {@code /prometheus} of the management interface. */
  static double created() throws Exception {
    String text = get(management, "prometheus", null).body();
    Matcher created =
        Pattern.compile(
                "(?m)^comptappart_deliveries_total\\{[^}]*outcome=\"created\"[^}]*} (\\S+)$")
            .matcher(text);
    assertTrue(created.find(), text);
    return Double.parseDouble(created.group(1));
  }

  static List<String> databaseCheck() {
    return Readiness.checks(Readiness.of(management)).stream()
        .filter(check -> check.startsWith("database"))
        .toList();
  }

  static HttpResponse<String> ops(String user, String password) throws Exception {
    return get(
        base, "api/ops/deliveries?limit=1", user == null ? null : OpsRealm.basic(user, password));
  }

  static HttpResponse<String> get(URL at, String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(at.toURI().resolve(path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Command.Result deploy(String environment) {
    Map<String, String> variables = new HashMap<>();
    variables.put("WILDFLY_HOME", HOME.toString());
    variables.put("JAVA_OPTS", IntegrationEnvironment.C1_ONLY); // jboss-cli's JVMs
    variables.put("WILDFLY_MANAGEMENT", "127.0.0.1:" + (9990 + OFFSET));
    return Command.run(
        List.of(
            "bash",
            PROJECT.resolve("server-config/wildfly/deploy.sh").toString(),
            environment,
            war()),
        variables,
        null);
  }

  static Command.Result cli(String command) {
    return Command.run(
        HOME.resolve("bin/jboss-cli.sh").toString(),
        "--connect",
        "--controller=127.0.0.1:" + (9990 + OFFSET),
        "--command=" + command);
  }

  static Map<String, String> environment() {
    Map<String, String> variables = new HashMap<>();
    variables.put("WILDFLY_HOME", HOME.toString());
    variables.put("JAVA_OPTS", IntegrationEnvironment.C1_ONLY); // jboss-cli's JVMs
    variables.put("COMPTAPPART_DB_HOST", "127.0.0.1");
    variables.put("COMPTAPPART_DB_PORT", String.valueOf(database.port()));
    variables.put("COMPTAPPART_DB_NAME", DATABASE);
    variables.put("COMPTAPPART_DB_USER", TestDatabase.USER);
    variables.put("COMPTAPPART_DB_PASSWORD", "trust-auth-ignores-it");
    variables.put("COMPTAPPART_API_KEYS", KEY);
    variables.put("COMPTAPPART_PERSONAL_DATA_HASH_SALT", "it-wildfly-salt-0123456789abcdef");
    variables.put("COMPTAPPART_SIGNING_SECRETS", SECRET);
    variables.put("COMPTAPPART_SPOOL_DIR", HOME.getParent().resolve("spool").toString());
    variables.put("COMPTAPPART_OPS_USERS", OpsRealm.USER + ":" + OpsRealm.PASSWORD);
    return variables;
  }

  /** A fresh WildFly from the distribution Maven copied, for each run. */
  static void unpack() throws IOException {
    Path parent = HOME.getParent();
    Command.run("rm", "-rf", parent.toString());
    Files.createDirectories(parent);
    Command.Result untar =
        Command.run("tar", "xzf", System.getProperty("it.wildfly.dist"), "-C", parent.toString());
    assertEquals(0, untar.exitCode(), untar.output());
    try (Stream<Path> unpacked = Files.list(parent)) {
      Path dist =
          unpacked
              .filter(p -> p.getFileName().toString().startsWith("wildfly-"))
              .findFirst()
              .orElseThrow();
      Files.move(dist, HOME);
    }
    // The server on C1 only too, as every test server.
    Files.writeString(
        HOME.resolve("bin/standalone.conf"),
        "\nJAVA_OPTS=\"$JAVA_OPTS " + IntegrationEnvironment.C1_ONLY + "\"\n",
        java.nio.file.StandardOpenOption.APPEND);
  }

  static int migrations() {
    try (Stream<Path> common = Files.list(PROJECT.resolve("src/main/resources/db/migration"));
        Stream<Path> postgreSql = Files.list(PROJECT.resolve("src/main/resources/db/postgresql"))) {
      return (int)
          Stream.concat(common, postgreSql).filter(p -> p.toString().endsWith(".sql")).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String war() {
    return System.getProperty("it.war");
  }

  static String log() {
    try {
      return Files.readString(serverLog, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "(no server log: " + e + ")";
    }
  }

  static String fork() {
    return System.getProperty("it.db.name", "local").replaceAll(".*_", "");
  }
}
