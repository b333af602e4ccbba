package com.partner.comptappart.webhook.boundary;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Receipt}, the answer to every accepted delivery, without JSON-B: its shape is
 * fixed, and serialising it through JSON-B was 2 % of a delivery's CPU (src/bench/profile.sh).
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptWriter implements MessageBodyWriter<Receipt> {

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == Receipt.class;
  }

  @Override
  public void writeTo(
      Receipt receipt,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> headers,
      OutputStream body)
      throws IOException {
    body.write(receipt.json().getBytes(StandardCharsets.UTF_8));
  }
}
