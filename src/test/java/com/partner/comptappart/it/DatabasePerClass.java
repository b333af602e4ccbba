package com.partner.comptappart.it;

import java.sql.SQLException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Each integration test class starts on an empty database of its own: the test JVM's database
 * ({@link TestDatabase#NAME}, one per fork) is dropped and created again before the class runs, so
 * that no class reads what another left, whichever classes the fork happened to run before it. A
 * JVM runs one class at a time, and the class's receivers are started in its own set-up, after
 * this.
 */
public class DatabasePerClass implements TestExecutionListener {

  @Override
  public void executionStarted(TestIdentifier identifier) {
    if (System.getProperty("it.war") == null
        || !identifier.isContainer()
        || !(identifier.getSource().orElse(null) instanceof ClassSource)) {
      return;
    }
    try {
      TestDatabase.recreate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot recreate the test database " + TestDatabase.NAME, e);
    }
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    // nothing to do: the next class recreates the database before it starts
  }
}
