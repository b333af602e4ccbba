package com.partner.comptappart.platform.control;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink retries a query that failed on a broken connection three times, five seconds apart.
 * The sender must get a 503 within seconds instead, and retries on its own schedule.
 */
public class FailFastDatabaseLogin implements SessionCustomizer {

  @Override
  public void customize(Session session) {
    session.getLogin().setQueryRetryAttemptCount(0);
    session.getLogin().setDelayBetweenConnectionAttempts(0);
  }
}
