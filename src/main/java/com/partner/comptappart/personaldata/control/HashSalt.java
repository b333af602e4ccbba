package com.partner.comptappart.personaldata.control;

import com.partner.comptappart.platform.control.ConfiguredSecrets;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The salt of the e-mail hash an erasure record keeps. A salt everyone can read in this project's
 * source is no salt: production refuses to deploy without one of its own, and says which setting is
 * missing; elsewhere the built-in one is used, with a warning.
 */
record HashSalt(String value, boolean builtIn) {

  static final String PROPERTY = "comptappart.personal-data.hash-salt";
  static final String BUILT_IN = "comptappart-erasure-default-salt";
  static final int MINIMUM_LENGTH = 16;

  static HashSalt from(Config config) {
    return of(
        ConfiguredSecrets.of(config, PROPERTY),
        config.getOptionalValue("comptappart.environment", String.class).orElse("local"));
  }

  /**
   * @param configured the values read (a salt with a comma reads as several)
   * @throws IllegalArgumentException in production, for a salt missing, built in or too short
   */
  static HashSalt of(Optional<List<String>> configured, String environment) {
    String salt = configured.map(values -> String.join(",", values)).orElse("").strip();
    if (!"production".equals(environment)) {
      return salt.isEmpty() ? new HashSalt(BUILT_IN, true) : new HashSalt(salt, false);
    }
    if (salt.isEmpty() || salt.equals(BUILT_IN)) {
      throw new IllegalArgumentException(
          PROPERTY
              + " is not configured: production needs a salt of its own (the password alias"
              + " comptappart-personal-data-hash-salt, or COMPTAPPART_PERSONAL_DATA_HASH_SALT)");
    }
    if (salt.length() < MINIMUM_LENGTH) {
      // The salt itself is never printed, only its length.
      throw new IllegalArgumentException(
          PROPERTY
              + " has "
              + salt.length()
              + " characters; production needs at least "
              + MINIMUM_LENGTH);
    }
    return new HashSalt(salt, false);
  }
}
