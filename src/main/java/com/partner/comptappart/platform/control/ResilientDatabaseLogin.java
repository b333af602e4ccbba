package com.partner.comptappart.platform.control;

import java.util.logging.Logger;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * How EclipseLink uses the server's datasource, so that a database outage costs a 503 and nothing
 * more:
 *
 * <ul>
 *   <li>A query that failed on a broken connection is not retried (EclipseLink's default is three
 *       retries, five seconds apart): the sender must get its 503 within seconds, and it retries on
 *       its own schedule.
 *   <li>The database need not answer when the application is deployed. Payara creates an entity
 *       manager while it deploys (its JPA container validates the persistence unit), which logs
 *       EclipseLink in; the connection pools then connect on first use, see {@link
 *       ConnectOnFirstUsePool}. Without this, Payara fails the deployment (on Payara Micro, every
 *       start) and the receiver stays down after the database is back. WildFly logs in on first
 *       use, and EclipseLink tries a failed login again on the next use.
 * </ul>
 */
public class ResilientDatabaseLogin extends SessionEventAdapter {

  private static final Logger LOG = Logger.getLogger(ResilientDatabaseLogin.class.getName());

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

  void customize(Session session) {
    session.getLogin().setQueryRetryAttemptCount(0);
    session.getLogin().setDelayBetweenConnectionAttempts(0);
    if (session instanceof ServerSession server
        && server.getDatasourceLogin().shouldUseExternalConnectionPooling()) {
      try {
        connectOnFirstUse(server);
      } catch (LinkageError changed) {
        // The one class built on EclipseLink's internals (reference: "Servers"): an EclipseLink
        // that changed them costs deployment without the database, never the deployment itself.
        LOG.warning(
            () ->
                "This EclipseLink's connection pools cannot connect on first use ("
                    + changed
                    + "): the receiver deploys only while its database answers.");
      }
    }
  }

  private static void connectOnFirstUse(ServerSession server) {
    server.addConnectionPool(
        new ConnectOnFirstUsePool(
            ServerSession.DEFAULT_POOL, server.getDefaultConnectionPool().getLogin(), server));
    if (server.getReadConnectionPool() != null
        && server.getReadConnectionPool().getLogin().shouldUseExternalConnectionPooling()) {
      server.setReadConnectionPool(
          new ConnectOnFirstUsePool(
              server.getReadConnectionPool().getName(),
              server.getReadConnectionPool().getLogin(),
              server));
    }
  }
}
