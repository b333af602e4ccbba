package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.WebhookClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * README's first command for a new user: the receiver on Payara Micro with the embedded H2 database
 * of {@code server-config/local}, no database server and no key. Orders are stored in {@code
 * ~/.comptappart/} and survive a restart (the server started again on the file knows them); the log
 * says what a local user needs to know.
 */
class LocalRunIT {

  /**
   * README's first command itself, as a new user runs it in the background, on a copy of this
   * project: {@code mvn package payara-micro:start -Dpayara.daemon=true} builds the WAR and returns
   * once the receiver answers, which stores orders in its H2 file; {@code mvn payara-micro:stop}
   * stops it. Started again on the file, the receiver knows the orders, and its log says what a
   * local user needs to know. Another port and home than the user's ({@code -Dlocal.port}, {@code
   * -Dlocal.home}).
   */
  @Test
  void theReadmesFirstCommandStoresOrdersInAnH2FileThatOutlivesTheServer() throws Exception {
    Path target = Path.of(System.getProperty("it.war")).getParent();
    Path project = IntegrationEnvironment.ofThisTestJvm("it-readme-project");
    com.partner.comptappart.platform.boundary.HttpsIT.deleteRecursively(project);
    for (String part :
        List.of("pom.xml", ".mvn", ".ci", "src", "server-config", "README.md", "Jenkinsfile")) {
      copy(Path.of(part), project.resolve(part));
    }
    Path home = Files.createTempDirectory(target, "it-readme-home");
    int port = com.partner.comptappart.it.MicroProcess.freeTcpPort();
    Path log = project.resolve("mvn.log");
    String settings = " -Dlocal.port=" + port + " -Dlocal.home=" + home;
    URL base = new URL("http://127.0.0.1:" + port + "/");
    JsonObject order = Notifications.fresh();
    String ping = "{\"event_type\":\"ping\",\"timestamp\":\"2026-11-29T10:00:00+00:00\"}";

    var started = maven(project, "package payara-micro:start -Dpayara.daemon=true" + settings, log);
    try {
      assertEquals(0, started.exitCode(), Files.readString(log));
      String boot = Files.readString(log);
      assertTrue(boot.contains("BUILD SUCCESS"), boot);
      assertTrue(
          boot.contains(
              "No API key configured (comptappart.api-keys): the order webhook accepts requests"
                  + " without X-API-KEY"),
          boot);
      String last = commonMigrations().get(commonMigrations().size() - 1);
      assertTrue(boot.contains("V" + last + "__") || boot.contains("version \"" + last), boot);
      WebhookClient sender = new WebhookClient(base, null);
      HttpResponse<String> example =
          sender.post(
              Files.readAllBytes(
                  Path.of("src/test/resources/notifications/contract-2.1-example.json")));
      assertEquals(200, example.statusCode(), example.body());
      assertEquals("created", json(example).getString("status"));
      HttpResponse<String> created = sender.post(order.toString());
      assertEquals("created", json(created).getString("status"), created.body());
      assertEquals(200, sender.post(ping).statusCode());
      HttpResponse<String> again = sender.post(order.toString());
      assertEquals("already_processed", json(again).getString("status"), again.body());
      // README's second example, as written: the contract's 2.2 order, whose coverage names a
      // property ComptAppart's buyer created at checkout (qlw_...), new to the partner.
      HttpResponse<String> revision22 =
          sender.post(
              Files.readAllBytes(
                  Path.of("src/test/resources/notifications/contract-2.2-example.json")));
      assertEquals(200, revision22.statusCode(), revision22.body());
      assertEquals(2318, json(revision22).getInt("order_id"));
      assertTrue(Files.exists(home.resolve(".comptappart/orders.mv.db")), "the H2 file");
    } finally {
      var stopped = maven(project, "payara-micro:stop" + settings, project.resolve("stop.log"));
      assertEquals(0, stopped.exitCode(), Files.readString(project.resolve("stop.log")));
    }
    assertTrue(
        com.partner.comptappart.it.Poll.until(
            java.time.Duration.ofSeconds(60), () -> !answers(base)),
        "still answering after payara-micro:stop");

    // The H2 file outlives the server: started again on it, the receiver knows the order.
    List<String> jvm = List.of("-Duser.home=" + home);
    List<String> local =
        List.of(
            IntegrationEnvironment.microOptions(
                Path.of("server-config", "local", "post-boot-commands.asadmin")));
    JsonObject another = Notifications.fresh();
    try (MicroProcess restarted = MicroProcess.start(Map.of(), jvm, local)) {
      WebhookClient sender = new WebhookClient(restarted.base(), null);
      HttpResponse<String> retry = sender.post(order.toString());
      assertEquals(200, retry.statusCode(), retry.body() + "\n" + restarted.output());
      assertEquals("already_processed", json(retry).getString("status"), retry.body());
      assertEquals(200, sender.post(another.toString()).statusCode());
      assertEquals(200, sender.post(ping).statusCode());
      String output = restarted.output();
      assertTrue(
          output.contains(
              "Stored order "
                  + another.getJsonNumber("order_id")
                  + " (order.created, event "
                  + eventId(another)
                  + "): 129.0 EUR"),
          output);
      assertTrue(
          output.contains("Ping from ComptAppart acknowledged (sent 2026-11-29T10:00:00Z)"),
          output);
    }

    Path database = home.resolve(".comptappart/orders");
    assertTrue(Files.exists(Path.of(database + ".mv.db")), "the H2 file README names");
    assertEquals(
        List.of("local", "local", "local", "local"),
        query(database, "SELECT environment FROM customer_order"),
        "the contract's two examples and two orders of their own");
    assertEquals(
        List.of("qlw_7Hc2mQ9x"),
        query(database, "SELECT property_external_id FROM covered_year WHERE new_property"));
    // Each order's invoice document is kept on H2 too (its link, on a host the machine may not
    // reach, waits or expires: either way the row is there).
    assertEquals(4, query(database, "SELECT state FROM invoice_document").size());
    // H2 gets the common migrations only (db/postgresql's are PostgreSQL's).
    assertEquals(
        commonMigrations(),
        query(
            database,
            "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                + " ORDER BY installed_rank"));
  }

  /** Maven as a user runs it, in that project, its output in a file (the daemon outlives it). */
  static com.partner.comptappart.it.Command.Result maven(Path project, String arguments, Path log) {
    return com.partner.comptappart.it.Command.run(
        List.of(
            "bash",
            "-c",
            "cd '" + project + "' && mvn -B " + arguments + " > '" + log + "' 2>&1 < /dev/null"),
        Map.of(),
        null);
  }

  static boolean answers(URL base) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 1000);
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }

  static void copy(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.createDirectories(copy.getParent());
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** The versions of src/main/resources/db/migration, in order. */
  static List<String> commonMigrations() throws java.io.IOException {
    try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .map(name -> name.substring(1, name.indexOf("__")))
          .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
          .toList();
    }
  }

  /** Reads the stopped server's H2 file with the H2 driver Payara Micro itself carries. */
  static List<String> query(Path database, String sql) throws Exception {
    Path h2 = Files.createTempFile("it-h2", ".jar");
    try (JarFile micro = new JarFile(System.getProperty("payara.microJar"));
        InputStream jar = micro.getInputStream(micro.getEntry("MICRO-INF/runtime/h2.jar"))) {
      Files.copy(jar, h2, StandardCopyOption.REPLACE_EXISTING);
    }
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {h2.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Driver driver =
          (Driver) loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
      Properties credentials = new Properties();
      credentials.setProperty("user", "sa");
      credentials.setProperty("password", "sa");
      try (Connection connection =
              driver.connect(
                  "jdbc:h2:" + database + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", credentials);
          PreparedStatement statement = connection.prepareStatement(sql);
          ResultSet rows = statement.executeQuery()) {
        List<String> values = new ArrayList<>();
        while (rows.next()) {
          values.add(rows.getString(1));
        }
        return values;
      }
    } finally {
      Files.delete(h2);
    }
  }
}
