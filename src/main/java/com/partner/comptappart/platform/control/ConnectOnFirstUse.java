package com.partner.comptappart.platform.control;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import org.eclipse.persistence.exceptions.DatabaseException;
import org.eclipse.persistence.sessions.Connector;
import org.eclipse.persistence.sessions.Session;

/**
 * How EclipseLink connects to the server's datasource, so that the application deploys while the
 * database is away (EclipseLink's public {@link Connector} API). EclipseLink's login takes one
 * connection from the datasource and closes it at once: with external pooling, every unit of work
 * takes its own connection later. Payara logs EclipseLink in while it deploys (its JPA container
 * creates an entity manager), so a database that does not answer then would fail the deployment,
 * and the receiver would stay down after the database is back. During the login only, a connection
 * that cannot be made is replaced by one that is closed before anything uses it; after the login
 * every connection is the datasource's, and a database that does not answer costs the request a
 * 503.
 */
final class ConnectOnFirstUse implements Connector {

  private static final Logger LOG = Logger.getLogger(ConnectOnFirstUse.class.getName());

  private final Connector datasource;
  private volatile boolean loggedIn;

  ConnectOnFirstUse(Connector datasource) {
    this.datasource = datasource;
  }

  /** Connections are the datasource's from now on, and fail when the database does. */
  void loggedIn() {
    loggedIn = true;
  }

  @Override
  public Connection connect(Properties properties, Session session) {
    try {
      return datasource.connect(properties, session);
    } catch (DatabaseException unreachable) {
      if (loggedIn) {
        throw unreachable;
      }
      LOG.warning(
          () ->
              "The database does not answer at deployment ("
                  + unreachable.getClass().getSimpleName()
                  + "): orders are answered 503 until it does, then stored.");
      return notConnected();
    }
  }

  /**
   * The login's connection while the database is away: EclipseLink closes it right after the login;
   * anything else asked of it fails as a database that does not answer would.
   */
  private static Connection notConnected() {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, arguments) ->
                switch (method.getName()) {
                  case "close", "setAutoCommit", "clearWarnings" -> null;
                  case "isClosed" -> false;
                  case "isValid" -> false;
                  case "getAutoCommit" -> true;
                  case "getWarnings" -> null;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == arguments[0];
                  case "toString" -> "connection not made: the database did not answer at login";
                  default ->
                      throw new SQLException(
                          "The database did not answer when the application deployed", "08001");
                });
  }

  @Override
  public Object clone() {
    // Every pool shares this one: the login state is the session's, not a copy's.
    return this;
  }

  @Override
  public void toString(PrintWriter writer) {
    datasource.toString(writer);
  }

  @Override
  public String getConnectionDetails() {
    return datasource.getConnectionDetails();
  }
}
