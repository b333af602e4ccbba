package com.partner.comptappart.platform.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import jakarta.resource.spi.ResourceAllocationException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

  @Test
  void connectionFailuresAnywhereInTheChainAreOutages() {
    assertTrue(DatabaseOutage.isCauseOf(wrapped(new SQLException("refused", "08001"))));
    assertTrue(DatabaseOutage.isCauseOf(wrapped(new SQLException("broken pipe", "08006"))));
    assertTrue(DatabaseOutage.isCauseOf(wrapped(new SQLException("shutdown", "57P01"))));
    assertTrue(DatabaseOutage.isCauseOf(wrapped(new SQLTransientConnectionException("timeout"))));
    assertTrue(DatabaseOutage.isCauseOf(wrapped(new ResourceAllocationException("pool empty"))));
  }

  @Test
  void aCommitTheDatabaseDidNotTakeIsAnOutage() {
    // As Payara's transaction manager reports it: the driver's error in the message only.
    var commitFailed =
        new jakarta.transaction.TransactionalException(
            "encountered exception during commit",
            new IllegalStateException(
                "system exception",
                new javax.transaction.xa.XAException(
                    "LocalTransactionException: FATAL: terminating connection")));
    assertTrue(DatabaseOutage.isCauseOf(commitFailed));
  }

  @Test
  void otherFailuresAreNot() {
    assertFalse(DatabaseOutage.isCauseOf(wrapped(new SQLException("duplicate", "23505"))));
    assertFalse(DatabaseOutage.isCauseOf(wrapped(new SQLException("no state"))));
    assertFalse(DatabaseOutage.isCauseOf(new IllegalStateException("bug")));
  }

  static RuntimeException wrapped(Exception cause) {
    return new PersistenceException("outer", new RuntimeException("middle", cause));
  }
}
