package com.partner.comptappart.orders.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderIntakeTest {

  /** The messages PostgreSQL 15 and H2 2 give for the order's own keys. */
  @Test
  void aCopyMeetingTheOrdersOwnKeyIsRecognisedThroughWrappers() {
    for (String message :
        List.of(
            "ERROR: duplicate key value violates unique constraint \"customer_order_event_id_uk\"",
            "ERROR: duplicate key value violates unique constraint"
                + " \"customer_order_created_order_id_uk\"",
            "Unique index or primary key violation: \"PUBLIC.CUSTOMER_ORDER_EVENT_ID_UK_INDEX_2 ON"
                + " PUBLIC.CUSTOMER_ORDER(EVENT_ID NULLS FIRST)\"")) {
      assertTrue(
          OrderIntake.isRacingCopy(
              new PersistenceException(new RuntimeException(new SQLException(message, "23505")))),
          message);
    }
  }

  @Test
  void aPartnerTablesKeyAndOtherViolationsAreNoCopies() {
    assertFalse(
        OrderIntake.isRacingCopy(
            new PersistenceException(
                new SQLException(
                    "ERROR: duplicate key value violates unique constraint \"property_external_id_uk\"",
                    "23505"))));
    assertFalse(
        OrderIntake.isRacingCopy(new PersistenceException(new SQLException("fk", "23503"))));
    assertFalse(OrderIntake.isRacingCopy(new PersistenceException("no cause")));
  }
}
