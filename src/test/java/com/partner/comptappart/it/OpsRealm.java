package com.partner.comptappart.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The ops user of the tests, in a key file of Payara's file realm: what {@code asadmin
 * create-file-user --groups ops} writes on a real server (salted SHA-256, 100 rounds).
 */
public final class OpsRealm {

  public static final String USER = "it-ops";
  public static final String PASSWORD = "it-ops-password-7f3a";
  public static final String OUTSIDER = "it-outsider";

  private OpsRealm() {}

  static Path writeKeyFile(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          USER + ";" + hash(PASSWORD) + ";ops\n" + OUTSIDER + ";" + hash(PASSWORD) + ";others\n",
          StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String hash(String password) {
    try {
      byte[] salt = new byte[8];
      new SecureRandom().nextBytes(salt);
      byte[] salted = new byte[password.length() + salt.length];
      byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(bytes, 0, salted, 0, bytes.length);
      System.arraycopy(salt, 0, salted, bytes.length, salt.length);
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest(salted);
      for (int round = 2; round <= 100; round++) {
        digest = sha256.digest(digest);
      }
      byte[] encoded = new byte[digest.length + salt.length];
      System.arraycopy(digest, 0, encoded, 0, digest.length);
      System.arraycopy(salt, 0, encoded, digest.length, salt.length);
      return "{SSHA256}" + Base64.getEncoder().encodeToString(encoded);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Authorization header of an ops call. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
