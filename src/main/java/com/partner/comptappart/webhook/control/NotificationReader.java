package com.partner.comptappart.webhook.control;

import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
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

  @Inject
  @ConfigProperty(name = "comptappart.max-body-bytes", defaultValue = "1048576")
  long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

  public byte[] read(String contentType, String contentLength, InputStream body) {
    requireJson(contentType);
    if (declaredLength(contentLength) > maxBodyBytes) {
      throw tooLarge();
    }
    try {
      // One byte more than allowed is enough to know the body is too large.
      byte[] bytes =
          body.readNBytes(Math.toIntExact(Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8)));
      if (bytes.length > maxBodyBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the request body", e);
    }
  }

  static void requireJson(String contentType) {
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.valueOf(contentType);
    } catch (IllegalArgumentException e) {
      type = null;
    }
    if (type == null
        || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)
        || type.isWildcardType()
        || type.isWildcardSubtype()) {
      throw new RejectedRequest(
          Rejection.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json.");
    }
    String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null && !StandardCharsets.UTF_8.name().equalsIgnoreCase(charset.strip())) {
      throw new RejectedRequest(
          Rejection.UNSUPPORTED_MEDIA_TYPE, "JSON is read in UTF-8 only, not in " + charset + ".");
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
