package com.partner.comptappart.platform.control;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.Login;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;
import org.eclipse.persistence.sessions.server.ConnectionPool;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * How EclipseLink uses the server's datasource, so that a database outage costs a 503 and nothing
 * more, with EclipseLink's public API only:
 *
 * <ul>
 *   <li>A query that failed on a broken connection is not retried (EclipseLink's default is three
 *       retries, five seconds apart): the sender must get its 503 within seconds, and it retries on
 *       its own schedule.
 *   <li>The database need not answer when the application is deployed (on Payara Micro, at every
 *       start): see {@link ConnectOnFirstUse}. Without this, Payara fails the deployment and the
 *       receiver stays down after the database is back.
 * </ul>
 */
public class ResilientDatabaseLogin extends SessionEventAdapter {

  private final List<ConnectOnFirstUse> connectors = new ArrayList<>();

  /**
   * A session event listener (EclipseLink's public API in every generation), not a session
   * customizer: Payara Server 6's EclipseLink (4.0.1) has only {@code
   * org.eclipse.persistence.config.SessionCustomizer}, EclipseLink 5 (Payara 7) only {@code
   * org.eclipse.persistence.sessions.SessionCustomizer}. Before the session logs in, its pools are
   * set up but not started: the same moment a customizer had.
   */
  @Override
  public void preLogin(SessionEvent event) {
    customize(event.getSession());
  }

  @Override
  public void postLogin(SessionEvent event) {
    connectors.forEach(ConnectOnFirstUse::loggedIn);
  }

  void customize(Session session) {
    session.getLogin().setQueryRetryAttemptCount(0);
    session.getLogin().setDelayBetweenConnectionAttempts(0);
    List<Login> logins = new ArrayList<>(List.of(session.getDatasourceLogin()));
    if (session instanceof ServerSession server) {
      for (ConnectionPool pool : server.getConnectionPools().values()) {
        logins.add(pool.getLogin());
      }
      if (server.getReadConnectionPool() != null) {
        logins.add(server.getReadConnectionPool().getLogin());
      }
    }
    for (Login login : logins) {
      if (login instanceof DatasourceLogin datasource
          && datasource.shouldUseExternalConnectionPooling()
          && !(datasource.getConnector() instanceof ConnectOnFirstUse)) {
        ConnectOnFirstUse connector = new ConnectOnFirstUse(datasource.getConnector());
        connectors.add(connector);
        datasource.setConnector(connector);
      }
    }
  }
}
