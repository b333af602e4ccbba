package com.partner.comptappart.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Files through which a test holds one event's order inside the receiver's transaction, sees that
 * it is held, lets it go, and may make it fail once: the test and {@link SwitchableFulfilment} (in
 * the server) share the directory.
 */
public final class FulfilmentGate {

  private final Path directory;

  public FulfilmentGate(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** The next order of this event stays in its transaction until {@link #release}. */
  public void hold(String eventId) {
    touch(eventId + ".hold");
  }

  /** After its release, the held order's partner code fails once: its transaction rolls back. */
  public void failOnce(String eventId) {
    touch(eventId + ".fail");
  }

  public void release(String eventId) {
    delete(eventId + ".hold");
  }

  /** Whether the order of this event is held now, inserted and flushed but not committed. */
  public boolean isHeld(String eventId) {
    return Files.exists(directory.resolve(eventId + ".held"));
  }

  /** In the server: waits while the event is held (bounded), then marks it as no longer held. */
  void passThrough(String eventId, Duration bound) {
    if (!Files.exists(directory.resolve(eventId + ".hold"))) {
      return;
    }
    touch(eventId + ".held");
    try {
      Poll.until(bound, () -> !Files.exists(directory.resolve(eventId + ".hold")));
    } finally {
      delete(eventId + ".held");
    }
  }

  /** In the server: true once after {@link #failOnce}. */
  boolean failsOnce(String eventId) {
    return delete(eventId + ".fail");
  }

  private void touch(String name) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(name), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean delete(String name) {
    try {
      return Files.deleteIfExists(directory.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
