package com.partner.comptappart.it;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Orders sent by a few senders, each at a steady rate, until stopped, each new, each once, on a
 * connection of its own (as the notifier posts one notification per connection): an order that gets
 * no answer is never sent again, and what went wrong is kept in {@link #unanswered}, for the test
 * to assert empty. Each order's answer is in {@link #sent} (0: none), counted in {@link #statuses}.
 * A steady rate, not as fast as the servers answer: the servers being restarted under it share the
 * machine's two cores with the other test JVM, and flat-out traffic slowed both by half.
 */
public final class OrderTraffic {

  public final Map<String, Integer> sent = new ConcurrentHashMap<>();
  public final Map<Integer, Long> statuses = new ConcurrentHashMap<>();
  public final List<String> unanswered = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService senders;

  /**
   * @param perSecond orders each sender sends a second (fewer while the answers take longer)
   */
  public OrderTraffic(WebhookClient client, int senderCount, int perSecond) {
    senders = Executors.newScheduledThreadPool(senderCount);
    long periodMicros = TimeUnit.SECONDS.toMicros(1) / perSecond;
    for (int i = 0; i < senderCount; i++) {
      senders.scheduleAtFixedRate(
          () -> send(client), i * periodMicros / senderCount, periodMicros, TimeUnit.MICROSECONDS);
    }
  }

  private void send(WebhookClient client) {
    JsonObject order = Notifications.fresh();
    int status = 0;
    try {
      status = postOnItsOwnConnection(client, order);
    } catch (IOException noAnswer) {
      unanswered.add(Notifications.eventId(order) + ": " + noAnswer);
    }
    sent.put(Notifications.eventId(order), status);
    statuses.merge(status, 1L, Long::sum);
  }

  private static int postOnItsOwnConnection(WebhookClient client, JsonObject order)
      throws IOException {
    HttpURLConnection connection = (HttpURLConnection) client.endpoint().toURL().openConnection();
    try {
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(30_000);
      connection.setDoOutput(true);
      connection.setRequestMethod("POST");
      connection.setRequestProperty("Connection", "close");
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setRequestProperty("User-Agent", "ComptAppart-Webhook/1.0");
      if (client.apiKey() != null) {
        connection.setRequestProperty("X-API-KEY", client.apiKey());
      }
      try (OutputStream body = connection.getOutputStream()) {
        body.write(order.toString().getBytes(StandardCharsets.UTF_8));
      }
      int status = connection.getResponseCode();
      try (InputStream answer =
          status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        if (answer != null) {
          answer.readAllBytes();
        }
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }

  public long answered() {
    return sent.size();
  }

  /** Stops sending; an order in flight gets its answer first. */
  public void stop() throws InterruptedException {
    senders.shutdown();
    senders.awaitTermination(1, TimeUnit.MINUTES);
  }
}
