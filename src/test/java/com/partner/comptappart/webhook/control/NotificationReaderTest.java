package com.partner.comptappart.webhook.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
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
        "application/json;charset=UTF-8;foo=bar"
      })
  void jsonInUtf8IsRead(String contentType) {
    byte[] body = "{\"a\":1}".getBytes();

    assertArrayEquals(body, reader.read(contentType, null, new ByteArrayInputStream(body)));
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
            RejectedRequest.class,
            () -> reader.read(contentType, null, new ByteArrayInputStream(new byte[1])));

    assertEquals(Rejection.UNSUPPORTED_MEDIA_TYPE, rejection.rejection());
  }

  @Test
  void missingContentTypeIs415() {
    assertEquals(
        Rejection.UNSUPPORTED_MEDIA_TYPE,
        assertThrows(
                RejectedRequest.class,
                () -> reader.read(null, null, new ByteArrayInputStream(new byte[1])))
            .rejection());
  }

  @Test
  void bodyOfExactlyTheLimitIsRead() {
    assertEquals(
        10, reader.read("application/json", "10", new ByteArrayInputStream(new byte[10])).length);
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
  void declaredLengthOverTheLimitIsRefusedWithoutReading() {
    AtomicLong read = new AtomicLong();
    InputStream body = endless(read);

    RejectedRequest rejection =
        assertThrows(RejectedRequest.class, () -> reader.read("application/json", "11", body));

    assertEquals(Rejection.PAYLOAD_TOO_LARGE, rejection.rejection());
    assertEquals(0, read.get());
  }

  @Test
  void oversizedBodyIsKeptUpToOneByteBeyondTheLimitAndTheRestDrainedWithinBounds() {
    reader.maxDiscardedBytes = 100;
    AtomicLong read = new AtomicLong();
    InputStream endless = endless(read);

    RejectedRequest rejection =
        assertThrows(RejectedRequest.class, () -> reader.read("application/json", null, endless));

    assertEquals(Rejection.PAYLOAD_TOO_LARGE, rejection.rejection());
    assertEquals(11 + 100, read.get());
  }
}
