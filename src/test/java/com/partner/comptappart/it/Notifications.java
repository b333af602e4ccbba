package com.partner.comptappart.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Notification bodies for the tests: the contract's example and variants of it. */
public final class Notifications {

  public static final String CONTRACT_EXAMPLE = "/notifications/contract-2.1-example.json";

  /**
   * Per test JVM, a block of its own: the two JVMs, and the servers and tools they start, may write
   * to one database, where two orders of one order id are one order.
   */
  private static final AtomicLong ORDER_IDS =
      new AtomicLong(
          100_000
              + java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1_000_000) * 1_000);

  private Notifications() {}

  /** The exact bytes of the contract's revision 2.1 example. */
  public static byte[] contractExampleBytes() {
    try (InputStream in = Notifications.class.getResourceAsStream(CONTRACT_EXAMPLE)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject contractExample() {
    try (JsonReader reader =
        Json.createReader(
            new StringReader(
                new String(contractExampleBytes(), java.nio.charset.StandardCharsets.UTF_8)))) {
      return reader.readObject();
    }
  }

  /** The contract example under an event id and order id no other test uses. */
  public static JsonObject fresh() {
    return fresh(contractExample());
  }

  /** Any notification (e.g. revision 2.2's example) under an event id and order id of its own. */
  public static JsonObject fresh(JsonObject notification) {
    return with(
        with(notification, "/event_id", Json.createValue("evt_it_" + UUID.randomUUID())),
        "/order_id",
        Json.createValue(nextOrderId()));
  }

  public static long nextOrderId() {
    return ORDER_IDS.incrementAndGet();
  }

  /** A copy with the value at the JSON pointer replaced (or added). */
  public static JsonObject with(JsonObject body, String pointer, JsonValue value) {
    var target = Json.createPointer(pointer);
    return target.containsValue(body) ? target.replace(body, value) : target.add(body, value);
  }

  /** A copy without the value at the JSON pointer. */
  public static JsonObject without(JsonObject body, String pointer) {
    return Json.createPointer(pointer).remove(body);
  }

  /**
   * The text with each target replaced (target, replacement, target, replacement …); fails when a
   * target is not in the text, so that a variant cannot silently stay the valid original.
   */
  public static String replaced(String text, String... targetsAndReplacements) {
    String result = text;
    for (int i = 0; i + 1 < targetsAndReplacements.length; i += 2) {
      String target = targetsAndReplacements[i];
      if (!result.contains(target)) {
        throw new AssertionError("not in the text to vary: " + target);
      }
      result = result.replace(target, targetsAndReplacements[i + 1]);
    }
    return result;
  }

  public static String eventId(JsonObject body) {
    return body.getString("event_id");
  }
}
