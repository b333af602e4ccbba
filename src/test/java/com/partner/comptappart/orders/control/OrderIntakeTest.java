package com.partner.comptappart.orders.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class OrderIntakeTest {

  @Test
  void uniqueViolationIsRecognisedThroughWrappers() {
    assertTrue(
        OrderIntake.isUniqueViolation(
            new PersistenceException(new RuntimeException(new SQLException("dup", "23505")))));
  }

  @Test
  void otherConstraintViolationsAreNotDuplicates() {
    assertFalse(
        OrderIntake.isUniqueViolation(new PersistenceException(new SQLException("fk", "23503"))));
    assertFalse(OrderIntake.isUniqueViolation(new PersistenceException("no cause")));
  }
}
