package com.partner.comptappart.platform.control;

import jakarta.resource.ResourceException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import javax.transaction.xa.XAException;

/**
 * Tells a database that cannot be reached (down, refusing connections, pool exhausted, socket timed
 * out) from any other failure. The first is answered 503 so the sender retries later.
 */
public final class DatabaseOutage {

  private DatabaseOutage() {}

  public static boolean isCauseOf(Throwable failure) {
    for (Throwable cause : Causes.of(failure)) {
      if (cause instanceof SQLTransientException
          || cause instanceof SQLRecoverableException
          || cause instanceof ResourceException
          // The resource manager failed during commit or rollback: the database went away
          // mid-transaction. The transaction manager keeps the cause in the message only.
          || cause instanceof XAException) {
        return true;
      }
      if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** SQLState class 08 is "connection exception"; 57P0x is PostgreSQL shutting down. */
  private static boolean isConnectionState(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P0"));
  }
}
