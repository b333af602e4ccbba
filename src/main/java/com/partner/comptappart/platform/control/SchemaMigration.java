package com.partner.comptappart.platform.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema of {@code jdbc/comptappart} to the version this WAR needs, during deployment
 * and before the first request. A failed migration fails the deployment rather than serving on a
 * schema the code does not match.
 */
@ApplicationScoped
public class SchemaMigration {

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  @Resource(lookup = "jdbc/comptappart")
  DataSource dataSource;

  void migrateAtDeployment(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    MigrateResult result =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .migrate();
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
