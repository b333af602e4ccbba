package com.partner.comptappart.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Revision 2.2's signature computed as the sender's guide defines it, with javax.crypto alone:
 * independent of the code under test.
 */
public final class SenderSignature {

  private SenderSignature() {}

  /** HMAC-SHA256 of {@code "<t>."} followed by the body, in lower-case hex. */
  public static String hex(String secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code X-Qlower-Signature} header value. */
  public static String header(String secret, long t, byte[] body) {
    return "t=" + t + ",v1=" + hex(secret, t, body);
  }
}
