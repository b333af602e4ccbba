package com.partner.comptappart.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the receiver stored, straight from PostgreSQL, as ops or partner code would. */
public final class StoredOrders {

  private StoredOrders() {}

  public static int countByEventId(String eventId) {
    return count("SELECT count(*) FROM customer_order WHERE event_id = ?", eventId);
  }

  public static int countByOrderId(long orderId) {
    return count("SELECT count(*) FROM customer_order WHERE order_id = ?", orderId);
  }

  /** The order row of an event, column by column; empty when none was stored. */
  public static Map<String, Object> order(String eventId) {
    List<Map<String, Object>> rows =
        rows("SELECT * FROM customer_order WHERE event_id = ?", eventId);
    return rows.isEmpty() ? Map.of() : rows.get(0);
  }

  public static List<Map<String, Object>> productLines(String eventId) {
    return rows(
        "SELECT p.* FROM product_line p JOIN customer_order o ON o.id = p.customer_order_id"
            + " WHERE o.event_id = ? ORDER BY p.line_number",
        eventId);
  }

  public static List<Map<String, Object>> customFields(String eventId) {
    return rows(
        "SELECT f.* FROM custom_field f JOIN customer_order o ON o.id = f.customer_order_id"
            + " WHERE o.event_id = ? ORDER BY f.field_number",
        eventId);
  }

  /**
   * The receiver's own time ({@code duration_ms}, its clock, not a loaded client's) of each 503
   * {@code database_unavailable} it logged for these events, once {@code expected} of them reached
   * the log (503s reach it when the spool drains), or those that reached it within 60 s.
   */
  public static List<Long> unavailableAnswerTimes(
      String database, String[] eventIds, int expected) {
    String sql =
        "SELECT duration_ms FROM delivery WHERE outcome = 'FAILED' AND status_code = 503"
            + " AND error_code = 'database_unavailable' AND event_id = ANY (?)";
    List<Long> times = new ArrayList<>();
    Poll.until(
        Duration.ofSeconds(60),
        () -> {
          times.clear();
          rowsIn(database, sql, (Object) eventIds)
              .forEach(row -> times.add(((Number) row.get("duration_ms")).longValue()));
          return times.size() >= expected;
        });
    return times;
  }

  public static int count(String sql, Object... parameters) {
    return countIn(TestDatabase.NAME, sql, parameters);
  }

  /** The same in another database of the tests, e.g. one a test made for itself. */
  public static int countIn(String database, String sql, Object... parameters) {
    return ((Number) rowsIn(database, sql, parameters).get(0).values().iterator().next())
        .intValue();
  }

  public static List<Map<String, Object>> rows(String sql, Object... parameters) {
    return rowsIn(TestDatabase.NAME, sql, parameters);
  }

  public static List<Map<String, Object>> rowsIn(
      String database, String sql, Object... parameters) {
    try (Connection connection = TestDatabase.connect(database);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        if (parameters[i] instanceof String[] texts) {
          statement.setArray(i + 1, connection.createArrayOf("varchar", texts));
        } else {
          statement.setObject(i + 1, parameters[i]);
        }
      }
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int column = 1; column <= meta.getColumnCount(); column++) {
            Object value =
                meta.getColumnTypeName(column).equals("timestamptz")
                    ? result.getObject(column, java.time.OffsetDateTime.class)
                    : result.getObject(column);
            row.put(meta.getColumnName(column), value);
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
