package com.partner.comptappart.platform.control;

import java.util.logging.Logger;
import org.eclipse.persistence.exceptions.DatabaseException;
import org.eclipse.persistence.internal.databaseaccess.DatabaseAccessor;
import org.eclipse.persistence.internal.databaseaccess.DatasourcePlatform;
import org.eclipse.persistence.sessions.Login;
import org.eclipse.persistence.sessions.server.ExternalConnectionPool;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * EclipseLink's pool over the server's datasource, which at start-up checks the database with a
 * first connection. When the database does not answer then, this pool starts all the same, with a
 * template connection that is not connected yet: each use takes a connection from the server's
 * datasource, as it always does, and fails (503) until the database is back, then works.
 */
class ConnectOnFirstUsePool extends ExternalConnectionPool {

  private static final Logger LOG = Logger.getLogger(ConnectOnFirstUsePool.class.getName());

  ConnectOnFirstUsePool(String name, Login login, ServerSession owner) {
    super(name, login, owner);
  }

  @Override
  public synchronized void startUp() {
    try {
      super.startUp();
    } catch (DatabaseException unreachable) {
      LOG.warning(
          () ->
              "The database does not answer at deployment ("
                  + unreachable.getClass().getSimpleName()
                  + "); connection pool "
                  + getName()
                  + " will connect on first use. Orders are answered 503 until it answers.");
      Login login = (Login) getLogin().clone();
      setCachedConnection(
          new NotYetConnected(login, (DatasourcePlatform) owner.getDatasourcePlatform(), this));
      setIsConnected(true);
    }
  }

  /** A connection template that knows how to connect but has not: the first use connects. */
  static final class NotYetConnected extends DatabaseAccessor {

    NotYetConnected(Login login, DatasourcePlatform platform, ExternalConnectionPool pool) {
      setLogin(login);
      setDatasourcePlatform(platform);
      setPool(pool);
    }
  }
}
