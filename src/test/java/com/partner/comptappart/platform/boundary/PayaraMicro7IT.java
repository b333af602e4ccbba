package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
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

  @Test
  void theWarStoresTheContractsExampleOnPayaraMicro7() throws Exception {
    Map<String, String> environment = ProductionConfigIT.productionEnvironment();
    environment.put("COMPTAPPART_API_KEYS", ProductionConfigIT.KEY);
    try (MicroProcess server =
        MicroProcess.startOn(
            java21Home(),
            Path.of(System.getProperty("it.payara.micro7.jar")),
            environment,
            List.of(),
            ProductionConfigIT.serverConfig("staging"))) {
      // (Payara logs SEVERE lines for the aliases these environment variables stand in for.)
      for (String failure : List.of("NoClassDefFoundError", "Exception while loading the app")) {
        assertTrue(!server.output().contains(failure), failure + ":\n" + server.output());
      }
      WebhookClient sender = new WebhookClient(server.base(), ProductionConfigIT.KEY);
      JsonObject order = Notifications.fresh(Notifications.contractExample());

      var created = sender.post(order.toString());
      var copy = sender.post(order.toString());

      assertEquals(200, created.statusCode(), created.body());
      assertEquals("created", WebhookClient.json(created).getString("status"));
      assertEquals("already_processed", WebhookClient.json(copy).getString("status"));
      Map<String, Object> stored = StoredOrders.order(eventId(order));
      assertEquals(order.getJsonNumber("order_id").longValue(), stored.get("order_id"));
      assertEquals(
          new BigDecimal(order.getJsonObject("order").get("total_amount").toString()),
          stored.get("total_amount"));
      assertEquals(order.getJsonObject("order").getString("currency"), stored.get("currency"));
      assertEquals(
          order.getJsonObject("invoice").getString("number"), stored.get("invoice_number"));
      assertEquals("staging", stored.get("environment"));
      assertEquals(
          order.getJsonObject("order").getJsonArray("products").size(),
          StoredOrders.productLines(eventId(order)).size());
      assertEquals(401, new WebhookClient(server.base(), null).post(order.toString()).statusCode());
      assertEquals(List.of("database UP"), Readiness.checks(Readiness.of(server.base())));
    }
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
