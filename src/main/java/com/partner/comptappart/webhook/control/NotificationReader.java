package com.partner.comptappart.webhook.control;

import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes the body of a notification off the wire: JSON in UTF-8 only, and never more than {@code
 * comptappart.max-body-bytes} read into memory.
 */
@ApplicationScoped
public class NotificationReader {

  private static final Logger LOG = Logger.getLogger(NotificationReader.class.getName());

  static final long DEFAULT_MAX_BODY_BYTES = 1_048_576;

  /** Beyond this, an oversized body is not drained: the connection is closed on the client. */
  long maxDiscardedBytes = 64L * 1024 * 1024;

  @Inject
  @ConfigProperty(name = "comptappart.max-body-bytes", defaultValue = "1048576")
  long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

  @Inject
  @ConfigProperty(name = "comptappart.body-read-seconds", defaultValue = "15")
  long readSeconds = 15;

  /**
   * The body as received, but never more than the limit plus one byte (which tells that it was
   * over): what the delivery log keeps of it. The rest of an oversized body is read and thrown
   * away, up to 64 MiB: many clients write their whole body before reading the answer, and would
   * otherwise wait for a 413 that is never read. A body that has not arrived whole within {@code
   * comptappart.body-read-seconds} is refused with 408: a trickling client must not hold a request
   * thread (the server's own read timeout bounds each single read).
   */
  public BoundedBody readBounded(InputStream body) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readSeconds);
    int limit = Math.toIntExact(Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
    ByteArrayOutputStream received = new ByteArrayOutputStream(Math.min(limit, 8192));
    byte[] buffer = new byte[8192];
    try {
      while (received.size() < limit) {
        int read = body.read(buffer, 0, Math.min(buffer.length, limit - received.size()));
        if (read < 0) {
          return new BoundedBody(received.toByteArray(), false);
        }
        received.write(buffer, 0, read);
        requireBefore(deadline, received.size());
      }
      discardRest(body, deadline);
      return new BoundedBody(received.toByteArray(), true);
    } catch (IOException aborted) {
      // The client went away or stalled mid-upload: its problem, not ours, and worth one line.
      LOG.info(
          () ->
              "Body not received whole after "
                  + received.size()
                  + " bytes: "
                  + aborted.getClass().getSimpleName());
      throw new RejectedRequest(
          Rejection.INCOMPLETE_BODY, "The body ended before it was received whole.");
    }
  }

  private void requireBefore(long deadline, long receivedBytes) {
    if (System.nanoTime() - deadline > 0) {
      LOG.info(
          () -> "Body not received within " + readSeconds + " s (" + receivedBytes + " bytes)");
      throw new RejectedRequest(
          Rejection.BODY_TIMEOUT, "The body was not received within " + readSeconds + " seconds.");
    }
  }

  private void discardRest(InputStream body, long deadline) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long discarded = 0;
    while (discarded < maxDiscardedBytes) {
      int read = body.read(buffer, 0, (int) Math.min(buffer.length, maxDiscardedBytes - discarded));
      if (read < 0) {
        return;
      }
      discarded += read;
      requireBefore(deadline, discarded);
    }
  }

  /** Some bytes of a body; {@code truncated} when the body was longer than the limit. */
  public record BoundedBody(byte[] bytes, boolean truncated) {}

  /** The body of a JSON notification: refused unless JSON in UTF-8 and within the size limit. */
  public byte[] read(String contentType, BoundedBody body) {
    requireJson(contentType);
    if (body.truncated()) {
      throw new RejectedRequest(
          Rejection.PAYLOAD_TOO_LARGE, "The body exceeds the limit of " + maxBodyBytes + " bytes.");
    }
    return body.bytes();
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
        // "charset" without a value names no other charset: read as UTF-8, the order is not lost.
        String charset = parameter.length < 2 ? "" : parameter[1].strip().replace("\"", "");
        if (!charset.isEmpty() && !charset.equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
          throw new RejectedRequest(
              Rejection.UNSUPPORTED_MEDIA_TYPE, "JSON is accepted in UTF-8 only.");
        }
      }
    }
  }
}
