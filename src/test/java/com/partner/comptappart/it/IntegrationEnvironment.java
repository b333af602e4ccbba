package com.partner.comptappart.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prepares what every integration test shares, once per test JVM and before Arquillian starts a
 * Payara Micro: a fresh database, the {@link DatabaseLink} the server reaches it through, and the
 * Micro options (JDBC driver added to the server, the tests' server-config, context root /) and the
 * ops user of the server's file realm. Unit-test runs (no {@code it.war} property) are left
 * untouched.
 */
public class IntegrationEnvironment implements LauncherSessionListener {

  private static DatabaseLink link;
  private static java.nio.file.Path opsKeyFile;
  private static java.nio.file.Path postBootCommands;

  public static DatabaseLink databaseLink() {
    if (link == null) {
      throw new IllegalStateException("Integration environment not started (run mvn verify)");
    }
    return link;
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (System.getProperty("it.war") == null || link != null) {
      return;
    }
    try {
      TestDatabase.recreate();
      link = DatabaseLink.to(TestDatabase.HOST, TestDatabase.PORT);
      opsKeyFile = OpsRealm.writeKeyFile(ofThisTestJvm("it-ops-keyfile"));
      postBootCommands = ofThisTestJvm("it-post-boot-commands.asadmin");
      Files.writeString(postBootCommands, postBootCommands());
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot prepare the test database " + TestDatabase.NAME, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("payara.cmdOptions", String.join(" ", serverSystemProperties()));
    System.setProperty(
        "payara.extraMicroOptions",
        String.join(" ", microOptions())
            + " --prebootcommandfile "
            + SHIPPED.resolve("micro/pre-boot-commands.asadmin").toAbsolutePath());
  }

  /** The project's server configuration, as it ships. */
  static final Path SHIPPED = Path.of("server-config");

  /**
   * The test servers' post-boot commands: production's datasource, every line of it (pool sizes,
   * timeouts, validation, leak detection), with its host, port, database and user the tests' and
   * its password alias a word trust authentication ignores; then the tests' own lines.
   */
  static String postBootCommands() throws IOException {
    List<String> datasource =
        Files.readAllLines(SHIPPED.resolve("production/commands.asadmin")).stream()
            .filter(
                line ->
                    line.startsWith("create-jdbc-connection-pool ")
                        || line.startsWith("create-jdbc-resource "))
            .map(
                line ->
                    line.replace("${ENV=COMPTAPPART_DB_HOST}", "${it.db.host}")
                        .replace("${ENV=COMPTAPPART_DB_PORT}", "${it.db.port}")
                        .replace("${ENV=COMPTAPPART_DB_NAME}", "${it.db.name}")
                        .replace("${ENV=COMPTAPPART_DB_USER}", "${it.db.user}")
                        .replace("${ALIAS=comptappart-db-password}", "unused-with-trust-auth"))
            .toList();
    if (datasource.size() != 2 || datasource.stream().anyMatch(line -> line.contains("${ENV="))) {
      throw new IllegalStateException(
          "production's datasource is not one pool and one resource on COMPTAPPART_DB_*: "
              + datasource);
    }
    return String.join("\n", datasource)
        + "\n"
        + Files.readString(
            Path.of(System.getProperty("it.server.config"), "post-boot-commands.asadmin"));
  }

  /**
   * A file beside the WAR, of this test JVM only: the two JVMs run at once, each with a database of
   * its own ({@code it.db.name} ends with the fork's number), and must not write each other's
   * files.
   */
  public static java.nio.file.Path ofThisTestJvm(String name) {
    int extension = name.lastIndexOf('.');
    String own =
        extension < 0
            ? name + "-" + TestDatabase.NAME
            : name.substring(0, extension) + "-" + TestDatabase.NAME + name.substring(extension);
    return java.nio.file.Path.of(System.getProperty("it.war")).resolveSibling(own);
  }

  /**
   * JVM options of the server: where the datasource of the tests' server-config points, and the
   * trust store holding the tests' document server's certificate.
   */
  public static String[] serverSystemProperties() {
    String[] trust = DocumentServer.trustOptions();
    return new String[] {
      trust[0],
      trust[1],
      trust[2],
      "-Dit.db.host=127.0.0.1",
      "-Dit.db.port=" + databaseLink().port(),
      "-Dit.db.name=" + TestDatabase.NAME,
      "-Dit.db.user=" + TestDatabase.USER,
      "-Dit.ops.keyfile=" + opsKeyFile,
      // Production's heap (server-config/production/jvm-options): every test server runs the
      // receiver in what ships, the cluster's and the invoice archive's loads included.
      productionHeap(),
      C1_ONLY
    };
  }

  /**
   * The JVM option of every server and command-line JVM the tests start: C1 only. They live for
   * seconds to minutes, and on 2 cores C2's compilations cost more than they win back (measured:
   * three test classes 90 s with C2, 75 s without; an asadmin command 0.7 s of CPU instead of 1.2
   * s).
   */
  public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  /** The -Xmx line of production's JVM options. */
  static String productionHeap() {
    try {
      return Files.readAllLines(SHIPPED.resolve("production/jvm-options")).stream()
          .map(String::strip)
          .filter(line -> line.startsWith("-Xmx"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no -Xmx in production/jvm-options"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Payara Micro options shared by every server the tests start. */
  public static String[] microOptions() {
    return microOptions(postBootCommands);
  }

  /** The same options with another server configuration, e.g. one of the project's own. */
  public static String[] microOptions(java.nio.file.Path postBootCommands) {
    return new String[] {
      "--contextroot",
      "/",
      "--addLibs",
      System.getProperty("it.postgresql.jar"),
      "--postbootcommandfile",
      postBootCommands.toAbsolutePath().toString()
    };
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (link != null) {
      try {
        link.close();
      } catch (IOException e) {
        // the JVM ends anyway
      }
    }
  }
}
