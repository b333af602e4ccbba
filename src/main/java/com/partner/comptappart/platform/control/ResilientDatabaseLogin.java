package com.partner.comptappart.platform.control;

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
 *   <li>The database need not answer when the application is deployed (on Payara Micro, at every
 *       start): the connection pools then connect on first use, see {@link ConnectOnFirstUsePool}.
 *       Without this, Payara fails the deployment and the receiver stays down after the database is
 *       back.
 * </ul>
 *
 * <p>It also gives ids to new rows without EclipseLink's preallocation lock ({@link
 * IdBlockSequence}).
 */
public class ResilientDatabaseLogin extends SessionEventAdapter {

  /**
   * A session event listener (EclipseLink's public API in every generation), not a session
   * customizer: Payara Server 6's EclipseLink (4.0.1) has only {@code
   * org.eclipse.persistence.config.SessionCustomizer}, EclipseLink 5 (Payara 7) only {@code
   * org.eclipse.persistence.sessions.SessionCustomizer}. Before the session logs in, its pools and
   * sequences are set up but not started: the same moment a customizer had.
   */
  @Override
  public void preLogin(SessionEvent event) {
    customize(event.getSession());
  }

  void customize(Session session) {
    IdBlockSequence.installIn(session);
    session.getLogin().setQueryRetryAttemptCount(0);
    session.getLogin().setDelayBetweenConnectionAttempts(0);
    if (session instanceof ServerSession server
        && server.getDatasourceLogin().shouldUseExternalConnectionPooling()) {
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
}
