package com.partner.comptappart.it;

import jakarta.json.JsonObject;
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

  /**
   * What the unique key on the event id cannot tell: that each notification's order is there and
   * holds what was sent (its order id, e-mail, total, product lines, and the body byte for byte).
   * One line per difference; empty when every order is stored as sent.
   */
  public static List<String> differencesFromSent(java.util.Collection<JsonObject> sent) {
    Map<String, Map<String, Object>> stored = new java.util.HashMap<>();
    for (Map<String, Object> row :
        rows(
            "SELECT o.event_id, o.order_id, o.email, o.total_amount, o.raw_body,"
                + " (SELECT count(*) FROM product_line p WHERE p.customer_order_id = o.id) AS lines"
                + " FROM customer_order o WHERE o.event_id = ANY (?)",
            (Object) sent.stream().map(Notifications::eventId).toArray(String[]::new))) {
      stored.put((String) row.get("event_id"), row);
    }
    List<String> differences = new ArrayList<>();
    for (JsonObject notification : sent) {
      String eventId = Notifications.eventId(notification);
      Map<String, Object> row = stored.get(eventId);
      if (row == null) {
        differences.add(eventId + ": not stored");
        continue;
      }
      JsonObject order = notification.getJsonObject("order");
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("order_id", notification.getJsonNumber("order_id").longValue());
      expected.put("email", notification.getJsonObject("customer").getString("email"));
      expected.put("total_amount", order.getJsonNumber("total_amount").bigDecimalValue());
      expected.put("lines", (long) order.getJsonArray("products").size());
      expected.forEach(
          (column, value) -> {
            Object actual = row.get(column);
            boolean same =
                value instanceof java.math.BigDecimal amount
                    ? actual instanceof java.math.BigDecimal held && held.compareTo(amount) == 0
                    : value.equals(actual instanceof Number n ? (Object) n.longValue() : actual);
            if (!same) {
              differences.add(eventId + ": " + column + " " + actual + ", sent " + value);
            }
          });
      if (!java.util.Arrays.equals(
          (byte[]) row.get("raw_body"),
          notification.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        differences.add(eventId + ": raw_body is not the body sent");
      }
    }
    return differences;
  }

  /** Orders whose stored body is one of these, byte for byte: what this test's bodies stored. */
  public static int countStoredFrom(List<byte[]> bodies) {
    String[] digests =
        bodies.stream()
            .map(
                body -> {
                  try {
                    return java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("MD5").digest(body));
                  } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toArray(String[]::new);
    return count(
        "SELECT count(*) FROM customer_order WHERE md5(raw_body) = ANY (?)", (Object) digests);
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
