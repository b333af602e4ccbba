package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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

  Path home;
  int adminPort;
  Map<String, String> environment;

  @Test
  void stagingConfigurationAndDeploymentOnPayaraServer() throws Exception {
    long started = System.nanoTime();
    Path installation = unzip(Path.of(System.getProperty("it.payara.server.zip")));
    home = installation.resolve("payara6");
    int portBase = freePortBase();
    adminPort = portBase + 48;
    environment = ProductionConfigIT.productionEnvironment();

    asadmin("create-domain", "--nopassword", "--portbase", String.valueOf(portBase), DOMAIN);
    try {
      asadmin("start-domain", DOMAIN);
      withPassword("unused-with-trust-auth", "create-password-alias", "comptappart-db-password");
      withPassword(API_KEY, "create-password-alias", "comptappart-api-keys");
      asadmin(
          "--port",
          String.valueOf(adminPort),
          "--user",
          "admin",
          "multimode",
          "--file",
          "server-config/staging/commands.asadmin");
      asadmin(
          "--port",
          String.valueOf(adminPort),
          "--user",
          "admin",
          "deploy",
          "--contextroot",
          "/",
          "--name",
          "comptappart-orders",
          System.getProperty("it.war"));

      URL base = new URL("http://127.0.0.1:" + (portBase + 80) + "/");
      // As the pipeline does: the listener may still be restarting after the configuration.
      assertTrue(
          Poll.until(Duration.ofSeconds(60), () -> answers(base)), "the server answers on " + base);
      JsonObject order = Notifications.fresh();
      assertEquals(401, new WebhookClient(base, null).post(order.toString()).statusCode());
      var response = new WebhookClient(base, API_KEY).post(order.toString());
      assertEquals(200, response.statusCode(), response.body());
      String headers = response.headers().map().toString();
      assertFalse(
          headers.matches("(?is).*(payara|glassfish|grizzly|servlet/).*"),
          "no server name or version on the application port: " + headers);

      Map<String, Object> stored = StoredOrders.order(eventId(order));
      assertEquals("staging", stored.get("environment"));
      assertEquals(true, stored.get("test_order"));
      assertEquals(1, StoredOrders.countByEventId(eventId(order)));
      // What ops' monitoring reads on the server: the readiness of the database.
      var ready = Readiness.of(base);
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals(List.of("database UP"), Readiness.checks(ready), ready.body());

      asadmin(
          "--port", String.valueOf(adminPort), "--user", "admin", "undeploy", "comptappart-orders");
      assertEquals(404, new WebhookClient(base, API_KEY).post(order.toString()).statusCode());
    } finally {
      asadmin("stop-domain", DOMAIN);
      asadmin("delete-domain", DOMAIN);
    }
    System.out.printf(
        "PROOF Payara Server %s: unzip, domain, staging config, deploy, order, undeploy, stop in %d s%n",
        home.getFileName(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
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
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-jar");
    command.add(home.resolve("glassfish/lib/client/appserver-cli.jar").toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), "asadmin " + String.join(" ", arguments) + ":\n" + output);
    assertTrue(
        !output.contains("failed."), "asadmin " + String.join(" ", arguments) + ":\n" + output);
    return output;
  }

  /** asadmin takes secrets from a password file only, never from the command line. */
  void withPassword(String secret, String... arguments) throws Exception {
    Path file = Files.createTempFile("asadmin", ".pwd");
    try {
      Files.writeString(file, "AS_ADMIN_ALIASPASSWORD=" + secret + "\n");
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
    Path target = zip.resolveSibling("payara-server");
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
        }
      }
    }
    return target;
  }

  /** A port base whose admin, HTTP, HTTPS, IIOP, JMS and JMX ports are all free. */
  static int freePortBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + (MicroProcess.freeTcpPort() % 200) * 100;
      boolean free = true;
      for (int offset : new int[] {9, 37, 38, 39, 48, 66, 76, 80, 81, 86}) {
        try (var socket = new java.net.ServerSocket(base + offset)) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
          break;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free port base");
  }
}
