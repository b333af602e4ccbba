package com.partner.comptappart.it;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Orders sent by a few senders, each at a steady rate, until stopped, each new. A delivery that
 * gets no answer at all (the connection closed under it, as when nginx reloads while the request is
 * on an idle keep-alive connection) is sent again, as the sender retries it; what went wrong is
 * kept in {@link #unanswered}. Each order's last answer is in {@link #sent}, counted in {@link
 * #statuses}. A steady rate, not as fast as the servers answer: the servers being restarted under
 * it share the machine's two cores with the other test JVM, and flat-out traffic slowed both by
 * half.
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
    for (int attempt = 0; attempt < 3 && status == 0; attempt++) {
      try {
        status = client.post(order.toString()).statusCode();
      } catch (RuntimeException noAnswer) {
        unanswered.add(String.valueOf(noAnswer.getCause()));
      }
    }
    sent.put(Notifications.eventId(order), status);
    statuses.merge(status, 1L, Long::sum);
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
