package com.partner.comptappart.webhook.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationReaderTest {

  NotificationReader reader = readerWithLimit(10);

  static NotificationReader readerWithLimit(long limit) {
    NotificationReader reader = new NotificationReader();
    reader.maxBodyBytes = limit;
    return reader;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=\"UTF-8\"",
        "application/json;charset=UTF-8;foo=bar",
        "application/json; charset"
      })
  void jsonInUtf8IsRead(String contentType) {
    byte[] body = "{\"a\":1}".getBytes();

    assertArrayEquals(body, read(contentType, new ByteArrayInputStream(body)));
  }

  byte[] read(String contentType, InputStream body) {
    return reader.read(contentType, reader.readBounded(body));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "application/xml",
        "application/json-patch+json",
        "*/*",
        "application/json; charset=iso-8859-1",
        "application/json; charset=utf-16",
        ""
      })
  void otherMediaTypesAre415(String contentType) {
    RejectedRequest rejection =
        assertThrows(
            RejectedRequest.class, () -> read(contentType, new ByteArrayInputStream(new byte[1])));

    assertEquals(Rejection.UNSUPPORTED_MEDIA_TYPE, rejection.rejection());
  }

  @Test
  void missingContentTypeIs415() {
    assertEquals(
        Rejection.UNSUPPORTED_MEDIA_TYPE,
        assertThrows(RejectedRequest.class, () -> read(null, new ByteArrayInputStream(new byte[1])))
            .rejection());
  }

  @Test
  void bodyOfExactlyTheLimitIsRead() {
    assertEquals(10, read("application/json", new ByteArrayInputStream(new byte[10])).length);
  }

  /** An endless body that counts the bytes read from it. */
  static InputStream endless(AtomicLong read) {
    return new InputStream() {
      @Override
      public int read() {
        read.incrementAndGet();
        return 'x';
      }
    };
  }

  @Test
  void oversizedBodyIsKeptUpToOneByteBeyondTheLimitAndTheRestDrainedWithinBounds() {
    reader.maxDiscardedBytes = 100;
    AtomicLong read = new AtomicLong();
    InputStream endless = endless(read);

    RejectedRequest rejection =
        assertThrows(RejectedRequest.class, () -> read("application/json", endless));

    assertEquals(Rejection.PAYLOAD_TOO_LARGE, rejection.rejection());
    assertEquals(11 + 100, read.get());
  }

  @Test
  void uploadAbortedByTheClientIsAnIncompleteBody() {
    InputStream aborted =
        new SequenceInputStream(
            new ByteArrayInputStream(new byte[5]),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("Connection reset by peer");
              }
            });

    RejectedRequest rejection =
        assertThrows(RejectedRequest.class, () -> reader.readBounded(aborted));

    assertEquals(Rejection.INCOMPLETE_BODY, rejection.rejection());
    assertEquals(400, rejection.rejection().status());
  }

  @Test
  void bodyStillArrivingAfterTheReadDeadlineIs408() {
    reader.readSeconds = -1; // a deadline already past when the first bytes arrive
    AtomicLong read = new AtomicLong();

    RejectedRequest rejection =
        assertThrows(RejectedRequest.class, () -> reader.readBounded(endless(read)));

    assertEquals(Rejection.BODY_TIMEOUT, rejection.rejection());
    assertEquals(408, rejection.rejection().status());
    assertTrue(read.get() <= 11, "stopped at the first chunk, read " + read.get());
  }
}
