package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OpsRealm;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one WAR on Payara's current generation: Payara Micro 7 (Jakarta EE 11, EclipseLink 5) on a
 * Java 21+ runtime, configured with the project's own staging files, on PostgreSQL.
 */
class PayaraMicro7IT {

  static final String SECRET = "whsec_it_micro7_3b8d2f";
  static final String DATABASE = TestDatabase.NAME + "_micro7";

  /**
   * Deployed (Payara Micro deploys at every start) while the database is away, then the proofs
   * WildFlyIT gives on WildFly: 503 with Retry-After, stored once the database is back, migrations
   * applied, the contract's example read back, its copy, a signed 2.2 order, a lost database
   * answered within 3 s, a counter on /metrics, readiness.
   */
  @Test
  void theWarDeploysAndStoresOnPayaraMicro7() throws Exception {
    TestDatabase.recreate(DATABASE);
    Map<String, String> environment = ProductionConfigIT.productionEnvironment();
    environment.put("COMPTAPPART_API_KEYS", ProductionConfigIT.KEY);
    environment.put("COMPTAPPART_SIGNING_SECRETS", SECRET);
    environment.put("COMPTAPPART_DB_NAME", DATABASE);
    try (DatabaseLink database = DatabaseLink.to(TestDatabase.HOST, TestDatabase.PORT)) {
      environment.put("COMPTAPPART_DB_PORT", String.valueOf(database.port()));
      database.switchTo(DatabaseLink.Mode.REFUSE);
      try (MicroProcess server =
          MicroProcess.startOn(
              java21Home(),
              Path.of(System.getProperty("it.payara.micro7.jar")),
              environment,
              List.of(),
              stagingWithTheTestsOpsUsers())) {
        // (Payara logs SEVERE lines for the aliases these environment variables stand in for.)
        for (String failure : List.of("NoClassDefFoundError", "Exception while loading the app")) {
          assertTrue(!server.output().contains(failure), failure + ":\n" + server.output());
        }
        WebhookClient sender = new WebhookClient(server.base(), ProductionConfigIT.KEY);
        JsonObject order = Notifications.fresh(Notifications.contractExample());

        HttpResponse<String> away = signed(sender, order);
        assertEquals(503, away.statusCode(), away.body());
        assertEquals("60", away.headers().firstValue("Retry-After").orElse(null));
        database.switchTo(DatabaseLink.Mode.FORWARD);
        HttpResponse<String> created = signed(sender, order);
        HttpResponse<String> copy = signed(sender, order);

        assertEquals(200, created.statusCode(), created.body());
        assertEquals("created", WebhookClient.json(created).getString("status"));
        assertEquals("already_processed", WebhookClient.json(copy).getString("status"));
        assertEquals(
            WildFlyIT.migrations(),
            StoredOrders.countIn(
                DATABASE,
                "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"));
        Map<String, Object> stored =
            StoredOrders.rowsIn(
                    DATABASE, "SELECT * FROM customer_order WHERE event_id = ?", eventId(order))
                .get(0);
        assertEquals(order.getJsonNumber("order_id").longValue(), stored.get("order_id"));
        assertEquals(
            new BigDecimal(order.getJsonObject("order").get("total_amount").toString()),
            stored.get("total_amount"));
        assertEquals(order.getJsonObject("order").getString("currency"), stored.get("currency"));
        assertEquals(
            order.getJsonObject("invoice").getString("number"), stored.get("invoice_number"));
        assertEquals("staging", stored.get("environment"));

        JsonObject revision22 =
            Notifications.fresh(
                Json.createReader(
                        PayaraMicro7IT.class.getResourceAsStream(
                            "/notifications/contract-2.2-example.json"))
                    .readObject());
        assertEquals(200, signed(sender, revision22).statusCode());
        HttpResponse<String> unsigned = sender.post(Notifications.fresh().toString());
        assertEquals(401, unsigned.statusCode(), unsigned.body());
        assertEquals("signature_missing", WebhookClient.json(unsigned).getString("error"));
        assertEquals(
            401, new WebhookClient(server.base(), null).post(order.toString()).statusCode());

        JsonObject lost = Notifications.fresh();
        database.switchTo(DatabaseLink.Mode.BLACKHOLE);
        long start = System.nanoTime();
        HttpResponse<String> lostAnswer = signed(sender, lost);
        long millis = (System.nanoTime() - start) / 1_000_000;
        database.switchTo(DatabaseLink.Mode.FORWARD);
        assertEquals(503, lostAnswer.statusCode(), lostAnswer.body());
        assertTrue(millis < 3000, "answered in " + millis + " ms");
        assertEquals(200, signed(sender, lost).statusCode());
        assertEquals(
            1,
            StoredOrders.countIn(
                DATABASE, "SELECT count(*) FROM customer_order WHERE event_id = ?", eventId(lost)));

        assertEquals(
            3.0,
            Metrics.of(server.base()).value("comptappart_deliveries_total", "outcome=\"created\""));
        assertEquals(List.of("database UP"), Readiness.checks(Readiness.of(server.base())));
        assertEquals(401, opsCall(server, null).statusCode());
        assertEquals(
            403,
            opsCall(server, OpsRealm.basic(OpsRealm.OUTSIDER, OpsRealm.PASSWORD)).statusCode());
        HttpResponse<String> allowed =
            opsCall(server, OpsRealm.basic(OpsRealm.USER, OpsRealm.PASSWORD));
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertTrue(allowed.body().contains(eventId(order)), allowed.body());
      }
    }
  }

  /**
   * The staging files as ops use them, with the file realm reading the tests' ops users (on a real
   * server, ops add them with asadmin create-file-user --groups ops).
   */
  static List<String> stagingWithTheTestsOpsUsers() throws IOException {
    Path commands = Files.createTempFile("it-micro7-staging", ".asadmin");
    Files.writeString(
        commands,
        Files.readString(Path.of("server-config/staging/commands.asadmin"))
            + "\nset configs.config.server-config.security-service.auth-realm.file.property.file="
            + IntegrationEnvironment.ofThisTestJvm("it-ops-keyfile")
            + "\n");
    List<String> options = new java.util.ArrayList<>();
    options.add("--prebootcommandfile");
    options.add(
        Path.of("server-config/micro/pre-boot-commands.asadmin").toAbsolutePath().toString());
    options.addAll(List.of(IntegrationEnvironment.microOptions(commands)));
    return options;
  }

  static HttpResponse<String> opsCall(MicroProcess server, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.base().toURI().resolve("api/ops/deliveries?limit=5"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return java.net.http.HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> signed(WebhookClient sender, JsonObject notification) {
    return sender.postSigned(notification.toString(), SECRET);
  }

  /**
   * A Java 21 or later runtime: {@code JAVA21_HOME}, else the newest JDK under /usr/lib/jvm whose
   * release is 21 or later (this machine kind ships Temurin's beside the default Java 17).
   */
  static Path java21Home() {
    String configured = System.getProperty("it.java21.home", "");
    if (!configured.isBlank() && !configured.startsWith("${")) {
      return Path.of(configured);
    }
    try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
      Optional<Path> found =
          jdks.filter(jdk -> featureVersion(jdk) >= 21)
              .max((a, b) -> Integer.compare(featureVersion(a), featureVersion(b)));
      return found.orElseThrow(
          () ->
              new IllegalStateException(
                  "Payara Micro 7 needs Java 21 or later: set JAVA21_HOME (none under /usr/lib/jvm)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int featureVersion(Path jdk) {
    try {
      Path release = jdk.resolve("release");
      if (!Files.isRegularFile(release) || !Files.isExecutable(jdk.resolve("bin/java"))) {
        return 0;
      }
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(version.split("[.+-]")[0]);
        }
      }
      return 0;
    } catch (IOException | NumberFormatException unreadable) {
      return 0;
    }
  }
}
