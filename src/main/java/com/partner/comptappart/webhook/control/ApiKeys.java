package com.partner.comptappart.webhook.control;

import com.partner.comptappart.platform.control.ConfiguredSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The secrets ComptAppart may send in {@code X-API-KEY}. Several can be configured at once ({@code
 * comptappart.api-keys}, comma-separated) so that a key is rotated without downtime. Keys are
 * checked once at deployment: a key shorter than the contract's 32 characters fails it.
 */
@ApplicationScoped
public class ApiKeys {

  static final String PROPERTY = "comptappart.api-keys";
  static final String REQUIRED = "comptappart.require-api-key";
  static final int MINIMUM_LENGTH = 32;
  private static final Logger LOG = Logger.getLogger(ApiKeys.class.getName());

  private final List<byte[]> keys;

  @Inject
  public ApiKeys(Config config) {
    this(
        ConfiguredSecrets.of(config, PROPERTY),
        // Required unless explicitly turned off (local runs): a password alias the server cannot
        // resolve reads as no key at all, and must not open the endpoint.
        config.getOptionalValue(REQUIRED, Boolean.class).orElse(true));
  }

  ApiKeys(Optional<List<String>> configured) {
    this(configured, false);
  }

  /**
   * @param required when true (the default everywhere but local runs), running without any key is a
   *     configuration error
   */
  ApiKeys(Optional<List<String>> configured, boolean required) {
    List<String> values =
        configured.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (required && values.isEmpty()) {
      throw new IllegalArgumentException(
          REQUIRED
              + " is true but no key is configured in "
              + PROPERTY
              + " (a password alias the server cannot resolve reads as none): set"
              + " COMPTAPPART_API_KEYS or the password alias the server config names, or"
              + " comptappart.require-api-key=false to run open (local runs only)");
    }
    for (int position = 0; position < values.size(); position++) {
      if (values.get(position).contains("${")) {
        // An alias or variable the server could not resolve would otherwise become the key.
        throw new IllegalArgumentException(
            PROPERTY
                + ": key #"
                + (position + 1)
                + " is an unresolved reference (missing password alias or environment variable)");
      }
      if (values.get(position).length() < MINIMUM_LENGTH) {
        // Never print the key itself, only which one is wrong.
        throw new IllegalArgumentException(
            PROPERTY
                + ": key #"
                + (position + 1)
                + " has "
                + values.get(position).length()
                + " characters; the contract requires at least "
                + MINIMUM_LENGTH);
      }
    }
    this.keys = values.stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** Proxy constructor required by CDI for a normal-scoped bean. */
  protected ApiKeys() {
    this.keys = List.of();
  }

  void checkAtDeployment(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    if (!isEnabled()) {
      LOG.warning(
          "No API key configured (comptappart.api-keys): the order webhook accepts requests"
              + " without X-API-KEY. Configure a key before exposing this server.");
    } else {
      LOG.info(() -> "Order webhook requires X-API-KEY (" + keys.size() + " key(s) configured)");
    }
  }

  public boolean isEnabled() {
    return !keys.isEmpty();
  }

  /** Compares in constant time against every configured key, so timing reveals nothing. */
  public boolean accepts(String presented) {
    if (presented == null) {
      return false;
    }
    byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
    boolean accepted = false;
    for (byte[] key : keys) {
      accepted |= MessageDigest.isEqual(key, candidate);
    }
    return accepted;
  }
}
