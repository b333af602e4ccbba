package com.partner.comptappart.platform.boundary;

import com.partner.comptappart.platform.control.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code GET /health/ready}: the receiver can store orders only while its database answers. While
 * it does not, every order is answered 503 (the sender retries), and this check tells ops and a
 * load balancer why, without waiting for a delivery to fail.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  private static final int VALIDATION_SECONDS = 2;

  private DataSource database;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("database");
    try {
      if (database == null) {
        database = SchemaMigration.dataSource();
      }
    } catch (IllegalStateException notConfigured) {
      return response.down().withData("error", "datasource not configured").build();
    }
    try (Connection connection = database.getConnection()) {
      return response.status(connection.isValid(VALIDATION_SECONDS)).build();
    } catch (SQLException | RuntimeException unreachable) {
      // The exception's class only: its message can hold host names and users.
      return response.down().withData("error", unreachable.getClass().getSimpleName()).build();
    }
  }
}
