package com.partner.comptappart.webhook.control;

import com.partner.comptappart.platform.control.ConfiguredSecrets;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;

/**
 * Verifies revision 2.2's {@code X-Qlower-Signature: t=<unix seconds>,v1=<hex>}: an HMAC-SHA256,
 * under a secret the sender issued, of {@code "<t>."} followed by the exact bytes posted. Several
 * secrets may be configured ({@code comptappart.signing-secrets}) so that both sides of a rotation
 * are accepted; the answer says which one matched, by position.
 */
@ApplicationScoped
public class DeliverySignatures {

  public static final String HEADER = "X-Qlower-Signature";
  static final String SECRETS = "comptappart.signing-secrets";
  static final String TOLERANCE = "comptappart.signature-tolerance";
  private static final Logger LOG = Logger.getLogger(DeliverySignatures.class.getName());
  private static final String ALGORITHM = "HmacSHA256";

  private final List<SecretKeySpec> secrets;
  private final Duration tolerance;
  private final Clock clock;

  @Inject
  public DeliverySignatures(Config config) {
    this(
        ConfiguredSecrets.of(config, SECRETS),
        Duration.ofSeconds(config.getOptionalValue(TOLERANCE, Long.class).orElse(300L)),
        Clock.systemUTC());
  }

  DeliverySignatures(Optional<List<String>> configured, Duration tolerance, Clock clock) {
    List<String> values =
        configured.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (values.stream().anyMatch(secret -> secret.contains("${"))) {
      // An alias or variable the server could not resolve would otherwise become the secret.
      throw new IllegalArgumentException(
          SECRETS
              + " holds an unresolved reference (missing password alias or environment variable)");
    }
    this.secrets =
        values.stream()
            .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
            .toList();
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /** Proxy constructor required by CDI for a normal-scoped bean. */
  protected DeliverySignatures() {
    this(Optional.empty(), Duration.ZERO, Clock.systemUTC());
  }

  void reportAtDeployment(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    LOG.info(
        () ->
            isEnabled()
                ? "Deliveries must be signed (" + HEADER + "), " + secrets.size() + " secret(s)"
                : "No signing secret configured (" + SECRETS + "): signatures are not checked");
  }

  public boolean isEnabled() {
    return !secrets.isEmpty();
  }

  /**
   * @return the position (1 = first configured) of the secret that signed the body
   * @throws RejectedRequest when the header is missing, unreadable, expired or matches no secret
   */
  public int verify(String header, byte[] body) {
    if (header == null || header.isBlank()) {
      throw refused(Rejection.SIGNATURE_MISSING, "The " + HEADER + " header is required.");
    }
    String timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String element : header.split(",")) {
      String[] pair = element.split("=", 2);
      if (pair.length != 2) {
        continue;
      }
      String name = pair[0].strip();
      String value = pair[1].strip();
      if (name.equals("t")) {
        if (timestamp != null) {
          // Two timestamps: which one the signature covers cannot be told.
          throw refused(Rejection.SIGNATURE_MALFORMED, HEADER + " holds more than one t=.");
        }
        timestamp = value;
      } else if (name.equals("v1")) {
        signatures.add(value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
      }
    }
    long sentAt = parseTimestamp(timestamp);
    if (signatures.isEmpty()) {
      throw refused(Rejection.SIGNATURE_MALFORMED, HEADER + " holds no v1 signature.");
    }
    int position = matchingSecret(timestamp, body, signatures);
    if (position == 0) {
      throw refused(
          Rejection.SIGNATURE_MISMATCH, "No v1 signature matches the body with a known secret.");
    }
    long age = Math.abs(clock.instant().getEpochSecond() - sentAt);
    if (age > tolerance.toSeconds()) {
      throw refused(
          Rejection.SIGNATURE_EXPIRED,
          "The signature timestamp is "
              + age
              + " s away from our clock; at most "
              + tolerance.toSeconds()
              + " s are accepted.");
    }
    return position;
  }

  private static long parseTimestamp(String timestamp) {
    if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
      throw refused(
          Rejection.SIGNATURE_MALFORMED, HEADER + " needs t=<unix seconds> and v1=<hex digest>.");
    }
    return Long.parseLong(timestamp);
  }

  /** Compares each expected digest with each presented one in constant time; 0 if none match. */
  private int matchingSecret(String timestamp, byte[] body, List<byte[]> presented) {
    int match = 0;
    for (int position = secrets.size(); position >= 1; position--) {
      byte[] expected = hexDigest(secrets.get(position - 1), timestamp, body);
      for (byte[] candidate : presented) {
        if (MessageDigest.isEqual(expected, candidate)) {
          match = position;
        }
      }
    }
    return match;
  }

  private static byte[] hexDigest(SecretKeySpec secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(ALGORITHM + " unavailable", e);
    }
  }

  private static RejectedRequest refused(Rejection rejection, String message) {
    return new RejectedRequest(rejection, message);
  }
}
