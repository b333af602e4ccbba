package com.partner.comptappart.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliverySignaturesTest {

  static final String OLD_SECRET = "whsec_old_4c1f0b9e";
  static final String NEW_SECRET = "whsec_new_a83d27f1";
  static final long NOW = 1_775_000_000L;
  static final byte[] BODY =
      "{\"event_type\":\"ping\",\"timestamp\":\"x\"}".getBytes(StandardCharsets.UTF_8);

  DeliverySignatures signatures =
      new DeliverySignatures(
          Optional.of(List.of(OLD_SECRET, NEW_SECRET)),
          Duration.ofSeconds(300),
          Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

  /** Computed independently of the code under test, as the sender's guide describes it. */
  static String sign(String secret, long t, byte[] body) {
    return com.partner.comptappart.it.SenderSignature.hex(secret, t, body);
  }

  Rejection refusal(String header, byte[] body) {
    return assertThrows(RejectedRequest.class, () -> signatures.verify(header, body)).rejection();
  }

  @Test
  void knownVectorVerifies() {
    // printf '1.{}' | openssl dgst -sha256 -hmac key
    String digest = "1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224";
    DeliverySignatures single =
        new DeliverySignatures(
            Optional.of(List.of("key")),
            Duration.ofSeconds(300),
            Clock.fixed(Instant.ofEpochSecond(1), ZoneOffset.UTC));

    assertEquals(1, single.verify("t=1,v1=" + digest, "{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void bothSecretsOfARotationAreAcceptedAndNamedByPosition() throws Exception {
    assertEquals(1, signatures.verify("t=" + NOW + ",v1=" + sign(OLD_SECRET, NOW, BODY), BODY));
    assertEquals(2, signatures.verify("t=" + NOW + ",v1=" + sign(NEW_SECRET, NOW, BODY), BODY));
  }

  @ParameterizedTest
  @ValueSource(longs = {-300, -299, 0, 299, 300})
  void timestampsWithinToleranceAreAccepted(long offset) throws Exception {
    long t = NOW + offset;
    assertEquals(1, signatures.verify("t=" + t + ",v1=" + sign(OLD_SECRET, t, BODY), BODY));
  }

  @ParameterizedTest
  @ValueSource(longs = {-301, 301, -86_400})
  void timestampsBeyondToleranceAreExpired(long offset) throws Exception {
    long t = NOW + offset;
    assertEquals(
        Rejection.SIGNATURE_EXPIRED, refusal("t=" + t + ",v1=" + sign(OLD_SECRET, t, BODY), BODY));
  }

  @Test
  void headerVariantsAreTolerated() throws Exception {
    String good = sign(NEW_SECRET, NOW, BODY);
    assertEquals(2, signatures.verify(" t = " + NOW + " , v1 = " + good + " ", BODY));
    assertEquals(2, signatures.verify("v1=" + good + ",t=" + NOW, BODY));
    assertEquals(2, signatures.verify("t=" + NOW + ",v1=" + "0".repeat(64) + ",v1=" + good, BODY));
    assertEquals(2, signatures.verify("t=" + NOW + ",v1=" + good.toUpperCase(), BODY));
    assertEquals(2, signatures.verify("t=" + NOW + ",v0=abc,v1=" + good, BODY));
  }

  @Test
  void anyChangeToTheBodyBreaksTheSignature() throws Exception {
    String header = "t=" + NOW + ",v1=" + sign(OLD_SECRET, NOW, BODY);
    byte[] reserialised =
        "{\"event_type\": \"ping\", \"timestamp\": \"x\"}".getBytes(StandardCharsets.UTF_8);

    assertEquals(Rejection.SIGNATURE_MISMATCH, refusal(header, reserialised));
  }

  @Test
  void signatureForAnotherTimestampOrSecretIsAMismatch() throws Exception {
    assertEquals(
        Rejection.SIGNATURE_MISMATCH,
        refusal("t=" + NOW + ",v1=" + sign(OLD_SECRET, NOW - 1, BODY), BODY));
    assertEquals(
        Rejection.SIGNATURE_MISMATCH,
        refusal("t=" + NOW + ",v1=" + sign("whsec_unknown", NOW, BODY), BODY));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"garbage", "t=abc,v1=00", "t=-5,v1=00", "t=,v1=00", "v1=00", "t=1775000000"})
  void unreadableHeadersAreMalformedNot500(String header) {
    assertEquals(Rejection.SIGNATURE_MALFORMED, refusal(header, BODY));
  }

  @Test
  void twoTimestampsAreMalformedWhicheverOrderTheyComeIn() throws Exception {
    long old = NOW - 3600;
    String stale = "t=" + old + ",v1=" + sign(OLD_SECRET, old, BODY);
    String good = "t=" + NOW + ",v1=" + sign(OLD_SECRET, NOW, BODY);

    // Joined as a proxy or a server joins two headers of the same name.
    assertEquals(Rejection.SIGNATURE_MALFORMED, refusal(stale + "," + good, BODY));
    assertEquals(Rejection.SIGNATURE_MALFORMED, refusal(good + "," + stale, BODY));
  }

  @Test
  void missingHeaderIsMissing() {
    assertEquals(Rejection.SIGNATURE_MISSING, refusal(null, BODY));
    assertEquals(Rejection.SIGNATURE_MISSING, refusal(" ", BODY));
  }

  @Test
  void noSecretConfiguredDisablesTheCheck() {
    assertFalse(
        new DeliverySignatures(Optional.empty(), Duration.ofSeconds(300), Clock.systemUTC())
            .isEnabled());
  }
}
