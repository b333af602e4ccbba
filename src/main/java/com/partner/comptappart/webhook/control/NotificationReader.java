package com.partner.comptappart.webhook.control;

import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes the body of a notification off the wire: JSON in UTF-8 only, and never more than {@code
 * comptappart.max-body-bytes} read into memory.
 */
@ApplicationScoped
public class NotificationReader {

  static final long DEFAULT_MAX_BODY_BYTES = 1_048_576;

  /** Beyond this, an oversized body is not drained: the connection is closed on the client. */
  long maxDiscardedBytes = 64L * 1024 * 1024;

  @Inject
  @ConfigProperty(name = "comptappart.max-body-bytes", defaultValue = "1048576")
  long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

  /**
   * The body as received, but never more than the limit plus one byte (which tells that it was
   * over): what the delivery log keeps of it. The rest of an oversized body is read and thrown
   * away, up to 64 MiB: many clients write their whole body before reading the answer, and would
   * otherwise wait for a 413 that is never read.
   */
  public BoundedBody readBounded(InputStream body) {
    try {
      byte[] bytes =
          body.readNBytes(Math.toIntExact(Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8)));
      boolean truncated = bytes.length > maxBodyBytes;
      if (truncated) {
        discardRest(body);
      }
      return new BoundedBody(bytes, truncated);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the request body", e);
    }
  }

  private void discardRest(InputStream body) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long discarded = 0;
    while (discarded < maxDiscardedBytes) {
      int read = body.read(buffer, 0, (int) Math.min(buffer.length, maxDiscardedBytes - discarded));
      if (read < 0) {
        return;
      }
      discarded += read;
    }
  }

  /** Some bytes of a body; {@code truncated} when the body was longer than the limit. */
  public record BoundedBody(byte[] bytes, boolean truncated) {}

  public byte[] read(String contentType, String contentLength, InputStream body) {
    requireJson(contentType);
    if (declaredLength(contentLength) > maxBodyBytes) {
      throw tooLarge();
    }
    // One byte more than allowed is enough to know the body is too large.
    BoundedBody bounded = readBounded(body);
    if (bounded.truncated()) {
      throw tooLarge();
    }
    return bounded.bytes();
  }

  /** {@code application/json}, with no charset or UTF-8 (RFC 8259 knows no other). */
  static void requireJson(String contentType) {
    String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
    if (!parts[0].strip().equalsIgnoreCase("application/json")) {
      throw new RejectedRequest(
          Rejection.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json.");
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter[0].strip().equalsIgnoreCase("charset")) {
        String charset = parameter.length < 2 ? "" : parameter[1].strip().replace("\"", "");
        if (!charset.equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
          throw new RejectedRequest(
              Rejection.UNSUPPORTED_MEDIA_TYPE, "JSON is accepted in UTF-8 only.");
        }
      }
    }
  }

  private static long declaredLength(String contentLength) {
    try {
      return contentLength == null ? -1 : Long.parseLong(contentLength.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private RejectedRequest tooLarge() {
    return new RejectedRequest(
        Rejection.PAYLOAD_TOO_LARGE, "The body exceeds the limit of " + maxBodyBytes + " bytes.");
  }
}
