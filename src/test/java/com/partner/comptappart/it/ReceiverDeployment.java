package com.partner.comptappart.it;

import java.io.File;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR under test is the one the build produced, exactly as ops deploy it; a test adds only
 * MicroProfile Config values of its own (e.g. API keys), as a server would provide them.
 */
public final class ReceiverDeployment {

  public static final String API_KEY = "it-key-one-0123456789abcdefghijklmnop";
  public static final String SECOND_API_KEY = "it-key-two-0123456789abcdefghijklmnop";

  private ReceiverDeployment() {}

  /** The WAR with the given configuration (key, value, key, value …). */
  public static WebArchive withConfig(String... keysAndValues) {
    WebArchive war =
        ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war")));
    Properties config = new Properties();
    // The WAR's own defaults (its META-INF/microprofile-config.properties) stay, under the test's.
    var own = war.get("WEB-INF/classes/" + CONFIG);
    if (own != null) {
      try (var in = own.getAsset().openStream()) {
        config.load(in);
      } catch (java.io.IOException unreadable) {
        throw new java.io.UncheckedIOException(unreadable);
      }
    }
    // Each server its own spool: records one test class leaves on disk never drain into another.
    config.setProperty(SPOOL, freshSpool().toString());
    // Invoices only from the tests' own document server: the contract's hosts are refused at once
    // rather than looked up on a network the tests do not own.
    config.setProperty("comptappart.invoice.allowed-hosts", "localhost");
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      config.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    war.delete("WEB-INF/classes/" + CONFIG);
    war.addAsResource(new StringAsset(toText(config)), CONFIG);
    return war;
  }

  static final String SPOOL = "comptappart.delivery-spool-dir";
  static final String CONFIG = "META-INF/microprofile-config.properties";

  /** A spool directory no other server and no earlier run uses, under the build's target/. */
  public static java.nio.file.Path freshSpool() {
    return java.nio.file.Path.of(System.getProperty("it.war"))
        .resolveSibling("it-spools")
        .resolve(java.util.UUID.randomUUID().toString());
  }

  /** The WAR requiring {@link #API_KEY} or {@link #SECOND_API_KEY}. */
  public static WebArchive withApiKeys() {
    return withConfig("comptappart.api-keys", API_KEY + "," + SECOND_API_KEY);
  }

  /**
   * The WAR requiring {@link #API_KEY}, with partner code whose in-transaction observer fails while
   * the switch file exists, and whose after-commit observer writes into {@code provisioned}.
   */
  public static WebArchive withSwitchableFulfilment(
      java.nio.file.Path failureSwitch, java.nio.file.Path provisioned) {
    return withSwitchableFulfilment(failureSwitch, provisioned, new FulfilmentGate(freshSpool()));
  }

  /** The same, with partner code that holds an order in its transaction through the gate. */
  public static WebArchive withSwitchableFulfilment(
      java.nio.file.Path failureSwitch, java.nio.file.Path provisioned, FulfilmentGate gate) {
    return withConfig(
            "comptappart.api-keys",
            API_KEY,
            SwitchableFulfilment.SWITCH,
            failureSwitch.toString(),
            SwitchableFulfilment.PROVISIONED,
            provisioned.toString(),
            SwitchableFulfilment.GATE,
            gate.directory().toString())
        .addClasses(SwitchableFulfilment.class, FulfilmentGate.class, Poll.class);
  }

  /**
   * The WAR under test plus a migration that creates a table and then fails: a version that cannot
   * start, and whose half-done migration must leave nothing behind.
   */
  public static java.nio.file.Path warWithFailingMigration() {
    java.nio.file.Path war = IntegrationEnvironment.ofThisTestJvm("it-broken-migration.war");
    withConfig()
        .addAsResource(
            new StringAsset(
                "CREATE TABLE broken_migration_probe (id INTEGER);\n"
                    + "ALTER TABLE no_such_table ADD COLUMN x INTEGER;\n"),
            "db/migration/V99__broken.sql")
        .as(org.jboss.shrinkwrap.api.exporter.ZipExporter.class)
        .exportTo(war.toFile(), true);
    return war;
  }

  /** The WAR under test with one more file: a newer build, a version of its own for deploy.sh. */
  public static java.nio.file.Path warOfANewerBuild() {
    return warOfABuild("it-newer-build.war", "a newer build\n");
  }

  /** Yet another build (another content, so another version for deploy.sh). */
  public static java.nio.file.Path warOfAnotherBuild() {
    return warOfABuild("it-another-build.war", "another build\n");
  }

  private static java.nio.file.Path warOfABuild(String name, String build) {
    java.nio.file.Path war = IntegrationEnvironment.ofThisTestJvm(name);
    withConfig()
        .addAsResource(new StringAsset(build), "META-INF/build.txt")
        .as(org.jboss.shrinkwrap.api.exporter.ZipExporter.class)
        .exportTo(war.toFile(), true);
    return war;
  }

  private static String toText(Properties config) {
    StringBuilder text = new StringBuilder();
    config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString();
  }
}
