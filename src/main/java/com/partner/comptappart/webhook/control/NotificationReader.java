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

  /** The largest body accepted, in bytes. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** How long a body may take to arrive whole: past it, it is refused with 408. */
  public long readMillis() {
    return TimeUnit.SECONDS.toMillis(readSeconds);
  }

  /** A body to be received as its bytes arrive, within the size limit. */
  public Reception reception() {
    return new Reception(Math.toIntExact(Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8)));
  }

  /**
   * The bytes of one body as they arrive, but never more than the limit plus one byte (which tells
   * that it was over): what the delivery log keeps of it. The rest of an oversized body is taken
   * and thrown away, up to 64 MiB: many clients write their whole body before reading the answer,
   * and would otherwise wait for a 413 that is never read.
   */
  public final class Reception {
    private final int limit;
    private final ByteArrayOutputStream received;
    private long discarded;

    private Reception(int limit) {
      this.limit = limit;
      this.received = new ByteArrayOutputStream(Math.min(limit, 8192));
    }

    /** Takes the bytes that arrived; false once no more are wanted (past the discard allowance). */
    public boolean take(byte[] bytes, int length) {
      int kept = Math.min(length, limit - received.size());
      received.write(bytes, 0, kept);
      discarded += length - kept;
      return received.size() < limit || discarded < maxDiscardedBytes;
    }

    /** The body so far: all of it once the client has sent its end. */
    public BoundedBody body() {
      return new BoundedBody(received.toByteArray(), received.size() >= limit);
    }

    /** The bytes taken so far, kept or thrown away. */
    public long size() {
      return received.size() + discarded;
    }

    /** How many bytes to read next at most: up to the limit, then up to the discard allowance. */
    long wanted() {
      return received.size() < limit ? limit - received.size() : maxDiscardedBytes - discarded;
    }
  }

  /**
   * The same, read from a stream that blocks: a body that has not arrived whole within {@code
   * comptappart.body-read-seconds} is refused with 408, once a read returns. On a server, {@code
   * BodyReceiver} receives the body without blocking and cuts it at the deadline whatever the
   * client does; this is what reads it where that filter did not.
   */
  public BoundedBody readBounded(InputStream body) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readSeconds);
    Reception reception = reception();
    byte[] buffer = new byte[64 * 1024];
    try {
      int read;
      while ((read = body.read(buffer, 0, (int) Math.min(buffer.length, reception.wanted())))
          >= 0) {
        boolean more = reception.take(buffer, read);
        if (System.nanoTime() - deadline > 0) {
          throw timedOut(reception.size());
        }
        if (!more) {
          break;
        }
      }
      return reception.body();
    } catch (IOException aborted) {
      throw incomplete(reception.size(), aborted);
    }
  }

  /** The client went away or stalled mid-upload: its problem, not ours. */
  public RejectedRequest incomplete(long receivedBytes, Throwable aborted) {
    // FINE: anyone holding a key can abort uploads; the delivery's record or count says enough.
    LOG.fine(
        () ->
            "Body not received whole after "
                + receivedBytes
                + " bytes: "
                + aborted.getClass().getSimpleName());
    return new RejectedRequest(
        Rejection.INCOMPLETE_BODY, "The body ended before it was received whole.");
  }

  /** A body that took longer than {@code comptappart.body-read-seconds}. */
  public RejectedRequest timedOut(long receivedBytes) {
    LOG.fine(() -> "Body not received within " + readSeconds + " s (" + receivedBytes + " bytes)");
    return new RejectedRequest(
        Rejection.BODY_TIMEOUT, "The body was not received within " + readSeconds + " seconds.");
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
