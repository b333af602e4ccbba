package com.partner.comptappart.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The receiver with the partner's code, on a real Payara Micro and the tests' PostgreSQL, for a
 * partner's own integration test in a few lines:
 *
 * <pre>{@code
 * try (PartnerFixture receiver = PartnerFixture.with(WelcomeMail.class).start()) {
 *   JsonObject order = Notifications.fresh();           // the contract's example, a new event
 *   assertEquals(200, receiver.post(order).statusCode());
 *   assertEquals("129.00", receiver.storedOrder(order).get("total_amount").toString());
 *   assertTrue(receiver.handlersDone(order, Duration.ofSeconds(30)));
 * }
 * }</pre>
 *
 * Handlers are retried every second here ({@code comptappart.handlers.*}), not every 10 s as on a
 * server; {@link Builder#config} changes any setting.
 */
public final class PartnerFixture implements AutoCloseable {

  private final Path war;
  private MicroProcess server;

  private PartnerFixture(Path war) throws IOException {
    this.war = war;
    this.server = boot();
  }

  /** The partner's classes (observers, handlers, and what they use) beside the receiver. */
  public static Builder with(Class<?>... partnerClasses) {
    return new Builder(partnerClasses);
  }

  /** What the receiver is started with. */
  public static final class Builder {
    private final Class<?>[] classes;
    private final List<String> settings =
        new ArrayList<>(
            List.of(
                "comptappart.handlers.interval", "PT1S",
                "comptappart.handlers.first-retry", "PT1S"));
    private final Map<String, String> migrations = new java.util.TreeMap<>();

    private Builder(Class<?>[] classes) {
      this.classes = classes;
    }

    /** A configuration value (MicroProfile Config), as the server would give it. */
    public Builder config(String key, String value) {
      settings.add(key);
      settings.add(value);
      return this;
    }

    /** One of the partner's migrations, e.g. {@code ("V1__property.sql", "CREATE TABLE ...")}. */
    public Builder migration(String name, String sql) {
      migrations.put(name, sql);
      return this;
    }

    /** Builds the WAR and boots it; waits until the receiver says it is ready. */
    public PartnerFixture start() throws IOException {
      Path work = Path.of(System.getProperty("it.war")).resolveSibling("it-partner");
      Files.createDirectories(work);
      Path war = Files.createTempFile(work, "partner", ".war");
      WebArchive archive =
          ReceiverDeployment.withConfig(settings.toArray(String[]::new))
              .addClasses(classes)
              .addClasses(Poll.class);
      migrations.forEach(
          (name, sql) -> archive.addAsResource(new StringAsset(sql), "db/partner/" + name));
      archive.as(ZipExporter.class).exportTo(war.toFile(), true);
      return new PartnerFixture(war);
    }
  }

  private MicroProcess boot() throws IOException {
    return MicroProcess.start(
        Map.of(), List.of(), List.of(IntegrationEnvironment.microOptions()), war);
  }

  public URL base() {
    return server.base();
  }

  /** POSTs a notification as ComptAppart does (no key: the tests' servers require none). */
  public HttpResponse<String> post(JsonObject notification) {
    return new WebhookClient(server.base(), null).post(notification.toString());
  }

  /** The stored order of this notification's event, as its row holds it; null when none. */
  public Map<String, Object> storedOrder(JsonObject notification) {
    List<Map<String, Object>> rows =
        StoredOrders.rows(
            "SELECT * FROM customer_order WHERE event_id = ?", Notifications.eventId(notification));
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The handler runs of this notification's event (ops API), by handler name. */
  public List<JsonObject> handlerRuns(JsonObject notification) {
    return ops("api/ops/handler-runs?eventId=" + Notifications.eventId(notification));
  }

  /** The deliveries of this notification's event (ops API), oldest first. */
  public List<JsonObject> deliveries(JsonObject notification) {
    return ops("api/ops/deliveries?eventId=" + Notifications.eventId(notification));
  }

  /** Whether every handler run of the event is DONE within the bound. */
  public boolean handlersDone(JsonObject notification, Duration within) {
    return Poll.until(
        within,
        () -> {
          List<JsonObject> runs = handlerRuns(notification);
          return !runs.isEmpty()
              && runs.stream().allMatch(run -> "DONE".equals(run.getString("state")));
        });
  }

  /** kill -9, as a crash would: no shutdown, no undeployment. */
  public void crash() throws InterruptedException {
    server.kill();
  }

  /** The same WAR booted again on the same database (after {@link #crash}). */
  public void restart() throws IOException {
    server.close();
    server = boot();
  }

  /** What the server has logged so far. */
  public String log() {
    return server.output();
  }

  @Override
  public void close() {
    server.close();
    try {
      Files.deleteIfExists(war);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<JsonObject> ops(String path) {
    return ((JsonArray) OpsClient.json(new OpsClient(server.base()).get(path)))
        .getValuesAs(JsonObject.class);
  }
}
