package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Command;
import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import com.partner.comptappart.platform.JenkinsfileTest;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * What ops do, on a real Payara Server 6: unzip the distribution, start a domain, create the
 * password aliases, apply {@code server-config/staging} with asadmin, deploy the WAR at /, receive
 * the contract's example, undeploy, stop.
 */
class PayaraServerDeploymentIT {

  static final String DOMAIN = "it-staging";
  static final String API_KEY = "staging-key-0123456789abcdefghijklmn";
  static final String SALT = "staging-salt-5e0b7c2a9d14f3e8b6a1";

  Path home;
  int adminPort;
  Map<String, String> environment;

  @Test
  void stagingDeployedByTheProcedureOfTheReadmeAndThePipeline() throws Exception {
    long started = System.nanoTime();
    Path installation = unzip(Path.of(System.getProperty("it.payara.server.zip")));
    home = installation.resolve("payara6");
    int portBase = freePortBase();
    adminPort = portBase + 48;
    environment = ProductionConfigIT.productionEnvironment();
    // The domain reaches PostgreSQL through this test's link, which can cut it (the outage below).
    DatabaseLink database = DatabaseLink.to(TestDatabase.HOST, TestDatabase.PORT);
    environment.put("COMPTAPPART_DB_PORT", String.valueOf(database.port()));
    URL base = new URL("http://127.0.0.1:" + (portBase + 80) + "/");

    asadmin("create-domain", "--nopassword", "--portbase", String.valueOf(portBase), DOMAIN);
    compileWithC1Only(home.resolve("glassfish/domains/" + DOMAIN));
    try {
      asadmin("start-domain", DOMAIN);
      withPassword("unused-with-trust-auth", "create-password-alias", "comptappart-db-password");
      withPassword(API_KEY, "create-password-alias", "comptappart-api-keys");
      withPassword(SALT, "create-password-alias", "comptappart-personal-data-hash-salt");

      // 1. The pipeline's deployment step, its shell part as Jenkins runs it, with the
      // credentials Jenkins would inject (this test domain's admin has no password).
      long first = System.nanoTime();
      Procedure pipeline = pipelineDeployment(base);
      assertEquals(0, pipeline.exitCode(), pipeline.output());
      assertTrue(pipeline.output().contains("JVM option -Xms512m set now"), pipeline.output());
      assertTrue(pipeline.output().contains("asadmin restart-domain"), pipeline.output());
      assertTrue(
          asadmin("--port", String.valueOf(adminPort), "list-jvm-options").contains("-Xms512m"));
      long firstSeconds = Duration.ofNanos(System.nanoTime() - first).toSeconds();
      JsonObject order = Notifications.fresh();
      assertEquals(401, new WebhookClient(base, null).post(order.toString()).statusCode());
      var response = new WebhookClient(base, API_KEY).post(order.toString());
      assertEquals(200, response.statusCode(), response.body());
      Map<String, Object> stored = StoredOrders.order(eventId(order));
      assertEquals("staging", stored.get("environment"));
      assertEquals(true, stored.get("test_order"));
      var ready = Readiness.of(base);
      assertEquals(List.of("database UP"), Readiness.checks(ready), ready.body());

      // The ops API on the server's file realm, users made as README's step e says.
      withSecret(
          "AS_ADMIN_USERPASSWORD",
          OPS_PASSWORD,
          "create-file-user",
          "--groups",
          "ops",
          "ops-alice");
      withSecret(
          "AS_ADMIN_USERPASSWORD",
          OPS_PASSWORD,
          "create-file-user",
          "--groups",
          "sales",
          "sales-bob");
      String deliveries = "api/ops/deliveries?eventId=" + eventId(order);
      assertEquals(401, opsCall(base, deliveries, null).statusCode());
      assertEquals(403, opsCall(base, deliveries, "sales-bob").statusCode());
      var opsAnswer = opsCall(base, deliveries, "ops-alice");
      assertEquals(200, opsAnswer.statusCode(), opsAnswer.body());
      assertTrue(opsAnswer.body().contains("\"outcome\":\"CREATED\""), opsAnswer.body());

      // 2. The same procedure again: nothing changes, and it succeeds. This time the stage asks
      // for JSON log lines, which Payara applies at once.
      long again = System.nanoTime();
      Procedure second = deployAgain(base, Map.of("LOG_FORMAT", "json"));
      assertEquals(0, second.exitCode(), second.output());
      assertTrue(second.output().contains("nothing to change"), second.output());
      assertTrue(second.output().contains("JVM option -Xms512m set\n"), second.output());
      assertTrue(second.output().contains("server.log format: json"), second.output());
      long againSeconds = Duration.ofNanos(System.nanoTime() - again).toSeconds();
      assertDeliveryLinesAreJson(base);
      assertAnOutageShowsInTheConsoleAndStopsTheProcedure(base, database);
      assertTheProcedureStopsWithoutTheRightAdminCertificate(base);
      assertTextLogLinesOnRequest(base);

      // 3. A WAR that cannot start (its migration fails): refused, the previous version serves.
      Procedure broken = deploy(base, ReceiverDeployment.warWithFailingMigration());
      assertTrue(broken.exitCode() != 0, broken.output());
      assertTrue(broken.output().contains("does not start"), broken.output());
      assertOrderStored(base);

      // 4. A configuration the new version refuses (a key of 14 characters) with a newer WAR: it
      // is refused before the running version is touched, which keeps serving with the key it
      // read when it started, and neither the new version nor its check is left deployed.
      withPassword("fourteen-chars", "update-password-alias", "comptappart-api-keys");
      Path newer = ReceiverDeployment.warOfANewerBuild();
      Procedure shortKey = deploy(base, newer);
      assertTrue(shortKey.exitCode() != 0, shortKey.output());
      assertTrue(
          shortKey.output().contains("comptappart.api-keys: key #1 has 14 characters"),
          shortKey.output());
      assertTrue(shortKey.output().contains("the running version still serves"), shortKey.output());
      assertOrderStored(base);
      assertEquals(List.of("database UP"), Readiness.checks(Readiness.of(base)));
      String applications = asadmin("--port", String.valueOf(adminPort), "list-applications");
      assertTrue(
          applications.contains(versionOf(Path.of(System.getProperty("it.war")))), applications);
      assertFalse(applications.contains(versionOf(newer)), applications);
      assertFalse(applications.contains("deployment-check"), applications);

      // 5. A secret's alias missing: refused by name before anything changes, the receiver still
      // serves. The personal-data salt first: without it erasure would use a salt anyone knows.
      for (String alias : List.of("comptappart-personal-data-hash-salt", "comptappart-api-keys")) {
        asadmin(
            "--port", String.valueOf(adminPort), "--user", "admin", "delete-password-alias", alias);
        Procedure without = deploy(base, ReceiverDeployment.warWithFailingMigration());
        assertTrue(without.exitCode() != 0, without.output());
        assertTrue(
            without.output().contains("password alias " + alias + " is missing"), without.output());
        assertOrderStored(base);
      }
      // README's command for nginx on the same host: Payara's HTTP listener on loopback only.
      asadmin(
          "--port",
          String.valueOf(adminPort),
          "set",
          "configs.config.server-config.network-config.network-listeners.network-listener"
              + ".http-listener-1.address=127.0.0.1");
      assertTrue(
          asadmin(
                  "--port",
                  String.valueOf(adminPort),
                  "get",
                  "configs.config.server-config.network-config.network-listeners.network-listener"
                      + ".http-listener-1.address")
              .contains("address=127.0.0.1"));
      assertTrue(
          com.partner.comptappart.it.Poll.until(Duration.ofSeconds(60), () -> answers(base)),
          "the listener answers on 127.0.0.1 again");
      assertOrderStored(base);
      System.out.printf(
          "PROOF deploy.sh on Payara Server: first deployment (through the Jenkinsfile) %d s,"
              + " second run (no change) %d s%n",
          firstSeconds, againSeconds);
    } finally {
      asadmin("stop-domain", DOMAIN);
      asadmin("delete-domain", DOMAIN);
      database.close();
    }
    System.out.printf(
        "PROOF Payara Server %s: unzip, domain, staging procedure x4, orders, stop in %d s%n",
        home.getFileName(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  /**
   * A refused delivery's line in server.log is a JSON object whose event id, outcome, status, error
   * and duration are fields of their own, and it holds none of the buyer's data.
   */
  void assertDeliveryLinesAreJson(URL base) {
    JsonObject refused = Notifications.without(Notifications.fresh(), "/customer/email");
    var response = new WebhookClient(base, API_KEY).post(refused.toString());
    assertEquals(400, response.statusCode(), response.body());
    Path log = home.resolve("glassfish/domains/" + DOMAIN + "/logs/server.log");
    JsonObject[] found = new JsonObject[1];
    assertTrue(
        Poll.until(
            Duration.ofSeconds(30), () -> (found[0] = jsonLine(log, eventId(refused))) != null),
        "no JSON line with the event id in " + log);
    JsonObject line = found[0];
    assertEquals(eventId(refused), line.getString("eventId"), line.toString());
    assertEquals("REJECTED", line.getString("outcome"));
    assertEquals("400", line.getString("statusCode"));
    assertEquals("invalid_notification", line.getString("errorCode"));
    assertTrue(Long.parseLong(line.getString("durationMillis")) >= 0, line.toString());
    assertEquals("INFO", line.getString("Level"));
    String customer = refused.getJsonObject("customer").toString();
    for (String personal : List.of("first_name", "last_name", "phone")) {
      String value = refused.getJsonObject("customer").getString(personal, null);
      assertFalse(value != null && line.toString().contains(value), personal + " in " + customer);
    }
  }

  /**
   * What deploy.sh set for the server's own console: the monitoring levels of the JDBC pool, the
   * HTTP listener and the threads, and Payara's HealthCheck service, whose notification of the
   * database outage reaches server.log (as a JSON line: this domain logs JSON now) within a minute.
   * The procedure run during the same outage fails: readiness not reached within READY_SECONDS, and
   * it says why.
   */
  void assertAnOutageShowsInTheConsoleAndStopsTheProcedure(URL base, DatabaseLink database)
      throws Exception {
    String levels = asadmin("--port", "" + adminPort, "get-monitoring-level", "--target", "server");
    for (String module : List.of("jdbc-connection-pool", "http-service", "thread-pool")) {
      assertTrue(levels.lines().anyMatch(l -> l.matches(module + " +HIGH *")), levels);
    }
    String checks = asadmin("--port", "" + adminPort, "get-healthcheck-configuration");
    assertTrue(checks.contains("Service Configuration is enabled?: true"), checks);
    for (String checker : List.of("CONP", "STUCK", "MP")) {
      assertTrue(
          checks.lines().anyMatch(l -> l.matches(checker + " +true +30 +SECONDS.*")), checks);
    }

    Path log = home.resolve("glassfish/domains/" + DOMAIN + "/logs/server.log");
    long cut = System.currentTimeMillis();
    database.switchTo(DatabaseLink.Mode.REFUSE);
    Procedure unready;
    try {
      // Both wait on the outage (the notice up to 40 s, the procedure its steps and 6 s): at once.
      java.util.concurrent.CompletableFuture<Procedure> deployment =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return deployAgain(base, Map.of("READY_SECONDS", "6"));
                } catch (Exception failed) {
                  throw new IllegalStateException(failed);
                }
              });
      JsonObject[] found = new JsonObject[1];
      assertTrue(
          Poll.until(
              Duration.ofSeconds(60), () -> (found[0] = healthCheckNotice(log, cut)) != null),
          "no HealthCheck notification in " + log + " within a minute of the outage");
      String message = found[0].getString("LogMessage");
      assertTrue(message.contains("Health Check Result") && message.contains("DOWN"), message);
      unready = deployment.get(5, java.util.concurrent.TimeUnit.MINUTES);
    } finally {
      database.switchTo(DatabaseLink.Mode.FORWARD);
    }
    assertTrue(unready.exitCode() != 0, unready.output());
    assertTrue(
        unready.output().contains("/health/ready did not answer 200 (is the database reachable?)"),
        unready.output());
    assertTrue(Poll.until(Duration.ofSeconds(60), () -> answers(base)), "ready again");
  }

  /**
   * With secure admin, a missing or wrong admin-certificate fingerprint stops the procedure at step
   * 1, before any command reaches the server.
   */
  void assertTheProcedureStopsWithoutTheRightAdminCertificate(URL base) throws Exception {
    Procedure noFingerprint = deployAgain(base, Map.of("ADMIN_SECURE", "true"));
    assertTrue(noFingerprint.exitCode() != 0, noFingerprint.output());
    assertTrue(
        noFingerprint.output().contains("ADMIN_SECURE=true needs ADMIN_CERT_SHA256"),
        noFingerprint.output());
    Procedure wrong =
        deployAgain(
            base, Map.of("ADMIN_SECURE", "true", "ADMIN_CERT_SHA256", "AB:".repeat(31) + "AB"));
    assertTrue(wrong.exitCode() != 0, wrong.output());
    assertTrue(wrong.output().contains("is not ADMIN_CERT_SHA256"), wrong.output());
    assertFalse(wrong.output().contains("2/6"), "stopped at step 1:\n" + wrong.output());
  }

  /** LOG_FORMAT=text gives server.log Payara's default lines back, at once. */
  void assertTextLogLinesOnRequest(URL base) throws Exception {
    Procedure text = deployAgain(base, Map.of("LOG_FORMAT", "text"));
    assertEquals(0, text.exitCode(), text.output());
    assertTrue(text.output().contains("server.log format: text"), text.output());
    JsonObject refused = Notifications.without(Notifications.fresh(), "/customer/email");
    assertEquals(400, new WebhookClient(base, API_KEY).post(refused.toString()).statusCode());
    Path log = home.resolve("glassfish/domains/" + DOMAIN + "/logs/server.log");
    String line = "Delivery of " + eventId(refused) + " (order.created): REJECTED, 400";
    assertTrue(
        Poll.until(Duration.ofSeconds(30), () -> textLineHolds(log, line)),
        "no text line \"" + line + "\" in " + log);
    assertEquals(null, jsonLine(log, eventId(refused)), "no JSON line any more");
  }

  static boolean textLineHolds(Path log, String text) {
    try {
      return Files.readAllLines(log).stream()
          .anyMatch(line -> !line.startsWith("{") && line.contains(text));
    } catch (IOException unreadable) {
      return false;
    }
  }

  /** The first notification of Payara's MicroProfile Health checker logged after {@code since}. */
  static JsonObject healthCheckNotice(Path log, long since) {
    try {
      for (String text : Files.readAllLines(log)) {
        if (text.startsWith("{") && text.contains("MP:Health Check Result")) {
          JsonObject line =
              jakarta.json.Json.createReader(new java.io.StringReader(text)).readObject();
          if (Long.parseLong(line.getString("TimeMillis")) >= since) {
            return line;
          }
        }
      }
      return null;
    } catch (IOException unreadable) {
      return null;
    }
  }

  static JsonObject jsonLine(Path log, String eventId) {
    try {
      for (String text : Files.readAllLines(log)) {
        if (text.startsWith("{") && text.contains(eventId)) {
          return jakarta.json.Json.createReader(new java.io.StringReader(text)).readObject();
        }
      }
      return null;
    } catch (IOException unreadable) {
      return null;
    }
  }

  static void assertOrderStored(URL base) {
    JsonObject order = Notifications.fresh();
    var response = new WebhookClient(base, API_KEY).post(order.toString());
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(1, StoredOrders.countByEventId(eventId(order)));
  }

  /** The application version deploy.sh names a WAR by: its content's SHA-256, 12 digits. */
  static String versionOf(Path war) throws Exception {
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(war));
    return "comptappart-orders:" + java.util.HexFormat.of().formatHex(digest).substring(0, 12);
  }

  /** What a run of the procedure printed, and how it ended. */
  record Procedure(int exitCode, String output) {}

  Procedure deploy(URL base, Path war) throws Exception {
    return procedure(base, List.of("server-config/deploy.sh", "staging", war.toString()), Map.of());
  }

  /** deploy.sh again with the running WAR, with more settings. */
  Procedure deployAgain(URL base, Map<String, String> more) throws Exception {
    return procedure(
        base, List.of("server-config/deploy.sh", "staging", System.getProperty("it.war")), more);
  }

  Procedure pipelineDeployment(URL base) throws Exception {
    Path workspace = Files.createTempDirectory("it-jenkins-workspace");
    workspace.toFile().deleteOnExit(); // empty again when the step's trap has removed its file
    return procedure(
        base,
        List.of("bash", "-euc", JenkinsfileTest.deploymentScript()),
        Map.of(
            "ENVIRONMENT", "staging",
            "WAR", System.getProperty("it.war"),
            "WORKSPACE", workspace.toString(),
            "ADMIN_USER", "admin",
            "ADMIN_PASSWORD", ""));
  }

  /** Runs from the project directory, as ops and the pipeline do, against this test's domain. */
  Procedure procedure(URL base, List<String> command, Map<String, String> more) throws Exception {
    Path asadmin = asadminScript(home, Files.createTempFile("asadmin", ".sh"));
    asadmin.toFile().deleteOnExit();
    Map<String, String> variables = new java.util.HashMap<>(environment);
    variables.put("ASADMIN", asadmin.toString());
    variables.put("ADMIN_HOST", "localhost");
    variables.put("ADMIN_PORT", String.valueOf(adminPort));
    variables.put("ADMIN_SECURE", "false");
    variables.put("HTTP_URL", base.toString().replaceAll("/$", ""));
    variables.put("READY_SECONDS", "120");
    variables.putAll(more);
    Command.Result result = Command.run(command, variables, null);
    return new Procedure(result.exitCode(), result.output());
  }

  static boolean answers(URL base) {
    try {
      return Readiness.of(base).statusCode() == 200;
    } catch (IllegalStateException notYet) {
      return false;
    }
  }

  /** Runs asadmin (the distribution's CLI jar) from the project directory, as ops would. */
  String asadmin(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.addAll(asadminCommand(home));
    command.addAll(List.of(arguments));
    Command.Result result = Command.run(command, environment, null);
    String output = result.output();
    assertEquals(0, result.exitCode(), "asadmin " + String.join(" ", arguments) + ":\n" + output);
    assertFalse(
        output.contains("failed."), "asadmin " + String.join(" ", arguments) + ":\n" + output);
    return output;
  }

  static final String OPS_PASSWORD = "it-ops-on-server-5c1e";

  /** An ops API call over BASIC as the given user (null: none). */
  static java.net.http.HttpResponse<String> opsCall(URL base, String path, String user)
      throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(base.toURI().resolve(path))
            .timeout(Duration.ofSeconds(30));
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(
                      (user + ":" + OPS_PASSWORD)
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return java.net.http.HttpClient.newHttpClient()
        .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** asadmin takes secrets from a password file only, never from the command line. */
  void withPassword(String secret, String... arguments) throws Exception {
    withSecret("AS_ADMIN_ALIASPASSWORD", secret, arguments);
  }

  void withSecret(String name, String secret, String... arguments) throws Exception {
    Path file = Files.createTempFile("asadmin", ".pwd");
    try {
      Files.writeString(file, name + "=" + secret + "\n");
      List<String> all =
          new ArrayList<>(
              List.of(
                  "--port",
                  String.valueOf(adminPort),
                  "--user",
                  "admin",
                  "--passwordfile",
                  file.toString()));
      all.addAll(List.of(arguments));
      asadmin(all.toArray(String[]::new));
    } finally {
      Files.delete(file);
    }
  }

  static Path unzip(Path zip) throws IOException {
    return unzip(zip, "payara-server");
  }

  /** The distribution's CLI on C1 only: a suite runs hundreds of asadmin commands, a JVM each. */
  static List<String> asadminCommand(Path home) {
    return List.of(
        System.getProperty("java.home") + "/bin/java",
        IntegrationEnvironment.C1_ONLY,
        "-XX:+UseSerialGC",
        "-jar",
        home.resolve("glassfish/lib/client/appserver-cli.jar").toString());
  }

  /** {@link #asadminCommand} as the executable script deploy.sh and the pipeline run. */
  static Path asadminScript(Path home, Path script) throws IOException {
    Files.writeString(
        script,
        "#!/bin/sh\nexec "
            + asadminCommand(home).stream()
                .map(part -> "'" + part + "'")
                .collect(java.util.stream.Collectors.joining(" "))
            + " \"$@\"\n");
    script.toFile().setExecutable(true);
    return script;
  }

  /**
   * The domain's own server on C1 only, as every test server: set in its domain.xml (server-config,
   * the first java-config) before its first start.
   */
  static void compileWithC1Only(Path domain) throws IOException {
    Path xml = domain.resolve("config/domain.xml");
    String config = Files.readString(xml);
    int end = config.indexOf("</java-config>");
    Files.writeString(
        xml,
        config.substring(0, end)
            + "<jvm-options>"
            + IntegrationEnvironment.C1_ONLY
            + "</jvm-options>\n"
            + config.substring(end));
  }

  /** Unzipped into a directory of its own: test classes in other JVMs unzip theirs at once. */
  static Path unzip(Path zip, String directory) throws IOException {
    Path target = zip.resolveSibling(directory);
    if (Files.isDirectory(target.resolve("payara6/glassfish/lib/client"))) {
      return target;
    }
    try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry entry;
      while ((entry = entries.getNextEntry()) != null) {
        Path file = target.resolve(entry.getName()).normalize();
        if (!file.startsWith(target)) {
          throw new IOException("entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(file);
        } else {
          Files.createDirectories(file.getParent());
          Files.copy((InputStream) entries, file, StandardCopyOption.REPLACE_EXISTING);
          // A zip read in Java loses the modes: the domain runs lib/nadmin to start instances.
          if (entry.getName().matches(".*/(bin/[^/]+|lib/nadmin)")) {
            file.toFile().setExecutable(true);
          }
        }
      }
    }
    return target;
  }

  /** A port base whose admin, HTTP, HTTPS, IIOP, JMS and JMX ports are all free. */
  static int freePortBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + (MicroProcess.freeTcpPort() % 200) * 100;
      if (isFree(base)) {
        return base;
      }
    }
    throw new IllegalStateException("no free port base");
  }

  /** Whether the ports a Payara Server domain or instance takes at this port base are free. */
  static boolean isFree(int base) {
    for (int offset : new int[] {9, 37, 38, 39, 48, 66, 76, 80, 81, 86}) {
      try (var socket = new java.net.ServerSocket(base + offset)) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
