package com.partner.comptappart.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema of {@code jdbc/comptappart} to the version this WAR needs: at deployment
 * ({@link SchemaMigrationAtDeployment}) or, when the database was unreachable then, before the
 * first order that finds it back.
 */
@ApplicationScoped
public class SchemaMigration {

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  /** The one datasource the WAR names; the server provides it (persistence.xml names it too). */
  public static final String DATASOURCE = "jdbc/comptappart";

  /**
   * Static because the deployment-time migration runs in a CDI extension, before beans can be
   * looked up reliably; the class, and so the flag, belongs to this application's class loader.
   */
  private static volatile boolean current;

  /** What Flyway found the database to be: PostgreSQL on servers, H2 in the local run. */
  private static volatile boolean postgreSql;

  /** Migrates once; free afterwards. Throws while the database cannot be reached. */
  public void ensureCurrent() {
    migrateIfNeeded();
  }

  /** Whether the database is PostgreSQL (known once {@link #ensureCurrent} has run). */
  public boolean isPostgreSql() {
    return postgreSql;
  }

  static void migrateIfNeeded() {
    if (!current) {
      migrate();
    }
  }

  /**
   * The server's datasource, by its global JNDI name rather than {@code @Resource}: the
   * deployment-time migration runs before the module's component environment is bound. Payara binds
   * it as {@code jdbc/comptappart}; WildFly binds datasources under {@code java:}, and resolves
   * persistence.xml's {@code jdbc/comptappart} to {@code java:/jdbc/comptappart}, the name its
   * configuration (server-config/wildfly) gives it.
   */
  public static DataSource dataSource() {
    NamingException missing = null;
    for (String name : List.of(DATASOURCE, "java:/" + DATASOURCE)) {
      try {
        return InitialContext.doLookup(name);
      } catch (NamingException e) {
        missing = missing == null ? e : missing;
      }
    }
    throw new IllegalStateException(DATASOURCE + " is not configured on this server", missing);
  }

  /**
   * PostgreSQL gets the migrations in {@code db/postgresql} besides the common ones: what H2 (the
   * local run, one server) cannot run and does not need.
   */
  private static boolean isPostgreSql(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection
          .getMetaData()
          .getDatabaseProductName()
          .toLowerCase(Locale.ROOT)
          .contains("postgres");
    } catch (SQLException unreachable) {
      throw new IllegalStateException(DATASOURCE + " cannot be reached", unreachable);
    }
  }

  /**
   * The partner's own tables: the migrations in {@code db/partner} of the WAR, after the product's,
   * with a history of their own ({@value #PARTNER_HISTORY}): their versions never meet the
   * product's, and the product's history stays as it ships. The first run records a baseline 0 (the
   * schema holds the product's tables already).
   */
  private static void migratePartnerTables(DataSource dataSource) {
    ClassLoader loader = SchemaMigration.class.getClassLoader();
    if (loader.getResource(PARTNER_LOCATION) == null
        && loader.getResource(PARTNER_LOCATION + "/") == null) {
      return; // no db/partner in this WAR (Flyway would warn of a location it cannot find)
    }
    Flyway partner =
        Flyway.configure(loader)
            .dataSource(dataSource)
            .locations("classpath:" + PARTNER_LOCATION)
            .table(PARTNER_HISTORY)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    if (partner.info().all().length == 0) {
      return; // no partner migration in this WAR: no history table either
    }
    MigrateResult result = partner.migrate();
    LOG.info(
        () ->
            "Partner tables at version "
                + result.targetSchemaVersion
                + " ("
                + result.migrationsExecuted
                + " migration(s) applied now)");
  }

  static final String PARTNER_LOCATION = "db/partner";
  static final String PARTNER_HISTORY = "partner_schema_history";

  private static synchronized void migrate() {
    if (current) {
      return;
    }
    DataSource dataSource = dataSource();
    boolean onPostgreSql = isPostgreSql(dataSource);
    MigrateResult result =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(dataSource)
            .locations(
                onPostgreSql
                    ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                    : new String[] {"classpath:db/migration"})
            .load()
            .migrate();
    migratePartnerTables(dataSource);
    postgreSql = onPostgreSql;
    current = true;
    LOG.info(
        () ->
            "Schema of jdbc/comptappart at version "
                + (result.targetSchemaVersion != null
                    ? result.targetSchemaVersion
                    : result.initialSchemaVersion)
                + " ("
                + result.migrationsExecuted
                + " migration(s) applied now)");
  }
}
