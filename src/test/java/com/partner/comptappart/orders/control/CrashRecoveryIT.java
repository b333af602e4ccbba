package com.partner.comptappart.orders.control;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The server JVM is killed (SIGKILL) in the middle of a load: every order it answered 2xx must be
 * in the database exactly once after a restart, and the sender's retries of everything else store
 * each remaining order once.
 */
class CrashRecoveryIT {

  static final int ORDERS = 600;
  static final int KILL_AFTER_STORED = 250;

  @Test
  void everyOrderAnswered2xxSurvivesAKill9ExactlyOnce() throws Exception {
    List<JsonObject> orders = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      orders.add(Notifications.fresh());
    }
    Set<String> answered2xx = ConcurrentHashMap.newKeySet();
    AtomicLong unanswered = new AtomicLong();
    java.util.concurrent.atomic.AtomicInteger inFlight =
        new java.util.concurrent.atomic.AtomicInteger();
    List<String> otherFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch enoughStored = new CountDownLatch(KILL_AFTER_STORED);

    try (MicroProcess server = MicroProcess.start(Map.of())) {
      WebhookClient sender = new WebhookClient(server.base(), null);
      ExecutorService load = Executors.newFixedThreadPool(16);
      for (JsonObject order : orders) {
        load.execute(
            () -> {
              inFlight.incrementAndGet();
              try {
                if (sender.post(order.toString()).statusCode() / 100 == 2) {
                  answered2xx.add(eventId(order));
                  enoughStored.countDown();
                }
              } catch (java.io.UncheckedIOException connectionLost) {
                unanswered.incrementAndGet();
              } catch (RuntimeException unexpected) {
                otherFailures.add(unexpected.toString());
              } finally {
                inFlight.decrementAndGet();
              }
            });
      }
      assertTrue(enoughStored.await(3, TimeUnit.MINUTES), "load did not get going");
      int inFlightAtKill = inFlight.get();
      server.kill();
      assertTrue(inFlightAtKill > 0, "the kill came while requests were in flight");
      load.shutdown();
      assertTrue(load.awaitTermination(3, TimeUnit.MINUTES));
    }
    int acknowledgedBeforeKill = answered2xx.size();
    assertEquals(List.of(), otherFailures, "failures other than the lost connection");
    assertTrue(
        acknowledgedBeforeKill < ORDERS && unanswered.get() > 0,
        "the kill came before the load was over: "
            + acknowledgedBeforeKill
            + " answered, "
            + unanswered.get()
            + " unanswered");

    List<String> missing = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    for (String eventId : answered2xx) {
      int rows = StoredOrders.countByEventId(eventId);
      if (rows == 0) {
        missing.add(eventId);
      } else if (rows > 1) {
        duplicated.add(eventId);
      }
    }
    System.out.printf(
        "PROOF kill -9: %d orders sent by 16 threads, %d answered 2xx before the kill, %d without an"
            + " answer, %d of the 2xx missing after restart, %d duplicated%n",
        ORDERS, acknowledgedBeforeKill, unanswered.get(), missing.size(), duplicated.size());
    assertEquals(List.of(), missing);
    assertEquals(List.of(), duplicated);

    try (MicroProcess restarted = MicroProcess.start(Map.of())) {
      WebhookClient sender = new WebhookClient(restarted.base(), null);
      ExecutorService retries = Executors.newFixedThreadPool(16);
      long retried2xx = 0;
      try {
        List<java.util.concurrent.Callable<Integer>> resend = new ArrayList<>();
        orders.forEach(order -> resend.add(() -> sender.post(order.toString()).statusCode()));
        for (var answer : retries.invokeAll(resend)) {
          retried2xx += answer.get() / 100 == 2 ? 1 : 0;
        }
      } finally {
        retries.shutdownNow();
      }
      String[] ids = orders.stream().map(Notifications::eventId).toArray(String[]::new);
      int rows =
          StoredOrders.count(
              "SELECT count(*) FROM customer_order WHERE event_id = ANY (?)", (Object) ids);
      int distinct =
          StoredOrders.count(
              "SELECT count(DISTINCT event_id) FROM customer_order WHERE event_id = ANY (?)",
              (Object) ids);
      System.out.printf(
          "PROOF kill -9 recovery: all %d resent after restart by 16 threads, %d answered 2xx, %d rows, %d distinct%n",
          ORDERS, retried2xx, rows, distinct);
      assertEquals(ORDERS, retried2xx);
      assertEquals(ORDERS, rows);
      assertEquals(ORDERS, distinct);
    }
  }
}
