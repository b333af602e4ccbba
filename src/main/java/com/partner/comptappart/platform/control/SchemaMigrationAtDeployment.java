package com.partner.comptappart.platform.control;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import java.util.logging.Logger;

/**
 * Migrates the schema while the application deploys. A migration that fails fails the deployment (a
 * deployment problem is the one failure CDI guarantees to abort it with): the code never serves a
 * schema it does not match. An unreachable database does not: the application deploys, answers 503
 * so that the sender retries, and migrates as soon as the database is back.
 */
public class SchemaMigrationAtDeployment implements Extension {

  private static final Logger LOG = Logger.getLogger(SchemaMigrationAtDeployment.class.getName());

  void migrate(@Observes AfterDeploymentValidation validation) {
    try {
      SchemaMigration.migrateIfNeeded();
    } catch (RuntimeException failure) {
      if (DatabaseOutage.isCauseOf(failure)) {
        LOG.warning(
            "jdbc/comptappart unreachable at deployment: schema migration deferred, orders are"
                + " answered 503 until the database is back");
      } else {
        validation.addDeploymentProblem(failure);
      }
    }
  }
}
