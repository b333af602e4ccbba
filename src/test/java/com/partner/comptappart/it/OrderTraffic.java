package com.partner.comptappart.it;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Orders sent one after another by a few threads until stopped, each new. A delivery that gets no
 * answer at all (the connection closed under it, as when nginx reloads while the request is on an
 * idle keep-alive connection) is sent again, as the sender retries it; what went wrong is kept in
 * {@link #unanswered}. Each order's last answer is in {@link #sent}, counted in {@link #statuses}.
 */
public final class OrderTraffic {

  public final Map<String, Integer> sent = new ConcurrentHashMap<>();
  public final Map<Integer, Long> statuses = new ConcurrentHashMap<>();
  public final List<String> unanswered = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService threads;

  public OrderTraffic(WebhookClient client, int senders) {
    threads = Executors.newFixedThreadPool(senders);
    for (int i = 0; i < senders; i++) {
      threads.submit(
          () -> {
            while (running.get()) {
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
          });
    }
  }

  public long answered() {
    return sent.size();
  }

  public void stop() throws InterruptedException {
    running.set(false);
    threads.shutdown();
    threads.awaitTermination(1, TimeUnit.MINUTES);
  }
}
