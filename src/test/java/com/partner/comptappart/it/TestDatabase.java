package com.partner.comptappart.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The integration tests' own database on the PostgreSQL of this machine. */
public final class TestDatabase {

  public static final String HOST = System.getProperty("it.db.host", "127.0.0.1");
  public static final int PORT = Integer.getInteger("it.db.port", 5432);
  public static final String USER = System.getProperty("it.db.user", "postgres");
  public static final String NAME = System.getProperty("it.db.name", "comptappart_it");

  private TestDatabase() {}

  /** Drops and creates the database, so that every run starts from an empty schema. */
  static void recreate() throws SQLException {
    recreate(NAME);
  }

  /** A database of its own for a test that must see what happens to an empty one. */
  public static void recreate(String name) throws SQLException {
    try (Connection admin = connect("postgres");
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      sql.execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
    }
  }

  public static Connection connect() throws SQLException {
    return connect(NAME);
  }

  public static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, USER, "");
  }
}
