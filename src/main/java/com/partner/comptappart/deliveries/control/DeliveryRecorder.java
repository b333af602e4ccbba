package com.partner.comptappart.deliveries.control;

import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.deliveries.entity.Outcome;
import com.partner.comptappart.platform.control.DatabaseOutage;
import com.partner.comptappart.platform.control.SchemaMigration;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records every delivery. When the database cannot take a record (it is down: the very moment the
 * log matters most) the record is written to a spool directory on local disk and moved into the
 * database once it is back, so the log stays complete across an outage and a restart.
 */
@ApplicationScoped
public class DeliveryRecorder {

  private static final Logger LOG = Logger.getLogger(DeliveryRecorder.class.getName());
  private static final String SUFFIX = ".delivery.json";
  static final String SET_ASIDE = "set-aside";

  @Inject DeliveryLog log;
  @Inject DeliveryMetrics metrics;
  @Inject SchemaMigration schema;
  @Inject UnauthenticatedRequests unauthenticated;
  @Inject DeliveryLines lines;

  @Inject
  @ConfigProperty(name = "comptappart.delivery-spool-dir")
  java.util.Optional<String> configuredSpool;

  @Inject
  @ConfigProperty(name = "comptappart.delivery-spool-drain-seconds", defaultValue = "10")
  long drainSeconds;

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> draining;

  void startDraining(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    draining =
        scheduler.scheduleWithFixedDelay(this::drain, drainSeconds, drainSeconds, TimeUnit.SECONDS);
    LOG.info(() -> "Delivery records the database cannot take are spooled to " + spool());
  }

  @PreDestroy
  void stopDraining() {
    if (draining != null) {
      draining.cancel(false);
    }
  }

  /**
   * Stores the record, or spools it. Never throws: recording must not change the answer.
   *
   * @param databaseDown skip the database (its outage was just seen) and spool at once, so that the
   *     sender is not kept waiting for a second timeout
   */
  public void record(Delivery delivery, boolean databaseDown) {
    metrics.delivered(delivery.outcome(), delivery.durationMillis());
    lines.answered(
        delivery.eventId(),
        delivery.eventType(),
        delivery.outcome(),
        delivery.statusCode(),
        delivery.errorCode(),
        delivery.durationMillis());
    if (delivery.outcome() == Outcome.UNAUTHORIZED) {
      unauthenticated.refused(delivery.clientAddress(), delivery.errorCode());
      return;
    }
    if (!databaseDown) {
      try {
        log.store(delivery);
        return;
      } catch (RuntimeException failure) {
        LOG.warning(() -> "Delivery log unavailable, spooling " + delivery + ": " + failure);
      }
    }
    spoolToDisk(delivery);
  }

  /** Counts a delivery whose record was stored with its order, in the order's transaction. */
  public void storedWithTheOrder(
      String eventId, String eventType, Outcome outcome, int status, long durationMillis) {
    metrics.delivered(outcome, durationMillis);
    lines.answered(eventId, eventType, outcome, status, null, durationMillis);
  }

  /**
   * Moves spooled records into the database. Stops at the first the database cannot take because it
   * is away; a record that fails for any other reason (unreadable, refused by the database) is set
   * aside in {@code set-aside/} (kept for ops, counted, logged once) and the drain carries on.
   */
  public int drain() {
    int moved = 0;
    if (!Files.isDirectory(spool())) {
      return 0;
    }
    try {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> listing = Files.newDirectoryStream(spool(), "*" + SUFFIX)) {
        listing.forEach(files::add);
      }
      // Oldest first: a file's name starts with the epoch millisecond it was received at.
      files.sort(null);
      schema.ensureCurrent();
      for (Path file : files) {
        if (moveIntoLog(file)) {
          moved++;
        }
      }
    } catch (IOException | RuntimeException stillDown) {
      LOG.log(Level.FINE, "Spooled deliveries not moved yet", stillDown);
    }
    if (moved > 0) {
      int count = moved;
      LOG.info(() -> count + " spooled delivery record(s) moved into the delivery log");
    }
    return moved;
  }

  /** True when moved; false when set aside; throws while the database is away. */
  private boolean moveIntoLog(Path file) throws IOException {
    try {
      log.store(fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException failure) {
      if (DatabaseOutage.isCauseOf(failure)) {
        throw failure;
      }
      Path setAside = Files.createDirectories(spool().resolve(SET_ASIDE));
      Files.move(file, setAside.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      LOG.warning(
          () ->
              "Spooled delivery record "
                  + file.getFileName()
                  + " cannot be stored and was set aside in "
                  + setAside
                  + ": "
                  + failure.getClass().getSimpleName());
      return false;
    }
    Files.delete(file);
    return true;
  }

  private void spoolToDisk(Delivery delivery) {
    try {
      Path directory = Files.createDirectories(spool());
      String name = delivery.receivedAt().toEpochMilli() + "-" + UUID.randomUUID();
      Path partial = directory.resolve(name + ".part");
      Files.writeString(
          partial,
          toJson(delivery),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE,
          StandardOpenOption.SYNC);
      // Renamed only once whole, so the drain never reads half a record.
      Files.move(partial, directory.resolve(name + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException failure) {
      LOG.log(
          Level.SEVERE, "Delivery record LOST (neither database nor spool): " + delivery, failure);
    }
  }

  /** How many records wait in the spool for the database. */
  public long spooled() {
    return countRecords(spool());
  }

  /** How many spooled records were set aside, for ops to look at. */
  public long setAside() {
    return countRecords(spool().resolve(SET_ASIDE));
  }

  private static long countRecords(Path directory) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      long count = 0;
      for (Path ignored : files) {
        count++;
      }
      return count;
    } catch (IOException unreadable) {
      return -1;
    }
  }

  Path spool() {
    return Path.of(
        configuredSpool.orElse(
            System.getProperty("java.io.tmpdir") + "/comptappart-delivery-spool"));
  }

  static String toJson(Delivery delivery) {
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("receivedAt", delivery.receivedAt().toString())
            .add("outcome", delivery.outcome().name())
            .add("statusCode", delivery.statusCode())
            .add("durationMillis", delivery.durationMillis())
            .add("bodyTruncated", delivery.isBodyTruncated());
    addIfPresent(json, "eventId", delivery.eventId());
    addIfPresent(json, "eventType", delivery.eventType());
    addIfPresent(json, "errorCode", delivery.errorCode());
    addIfPresent(json, "userAgent", delivery.userAgent());
    addIfPresent(json, "clientAddress", delivery.clientAddress());
    addIfPresent(json, "scheme", delivery.scheme());
    if (delivery.throughProxy() != null) {
      json.add("throughProxy", delivery.throughProxy());
    }
    if (delivery.signatureSecret() != null) {
      json.add("signatureSecret", delivery.signatureSecret());
    }
    if (delivery.replayOf() != null) {
      json.add("replayOf", delivery.replayOf());
    }
    byte[] body = delivery.body();
    if (body != null) {
      json.add("body", Base64.getEncoder().encodeToString(body));
    }
    return json.build().toString();
  }

  static Delivery fromJson(String text) {
    JsonObject json;
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      json = reader.readObject();
    }
    return Delivery.received(Instant.parse(json.getString("receivedAt")))
        .answered(
            Outcome.valueOf(json.getString("outcome")),
            json.getInt("statusCode"),
            json.getString("errorCode", null))
        .event(json.getString("eventId", null), json.getString("eventType", null))
        .took(json.getJsonNumber("durationMillis").longValue())
        .from(json.getString("clientAddress", null), json.getString("userAgent", null))
        .over(
            json.getString("scheme", null),
            json.containsKey("throughProxy") ? json.getBoolean("throughProxy") : null)
        .signedWith(json.containsKey("signatureSecret") ? json.getInt("signatureSecret") : null)
        .replayOf(json.containsKey("replayOf") ? json.getJsonNumber("replayOf").longValue() : null)
        .body(
            json.containsKey("body") ? Base64.getDecoder().decode(json.getString("body")) : null,
            json.getBoolean("bodyTruncated"))
        .build();
  }

  private static void addIfPresent(JsonObjectBuilder json, String name, String value) {
    if (value != null) {
      json.add(name, value);
    }
  }
}
