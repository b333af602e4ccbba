package com.partner.comptappart.orders.control;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.Json;
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
 * in the database as it was sent. (The sender's retries of the rest, on the instance left, are
 * ClusterIT's kill test.)
 */
class CrashRecoveryIT {

  static final int ORDERS = 600;
  static final int KILL_AFTER_STORED = 250;

  @Test
  void everyOrderAnswered2xxSurvivesAKill9ExactlyOnce() throws Exception {
    List<JsonObject> orders = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      // Each its own total and e-mail: an order stored with another's values would show.
      JsonObject order =
          Notifications.with(
              Notifications.fresh(),
              "/order/total_amount",
              Json.createValue(new java.math.BigDecimal(i + ".37")));
      orders.add(
          Notifications.with(
              order, "/customer/email", Json.createValue("crash." + i + "@example.org")));
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

    // Whatever was answered 2xx is in the database as it was sent, though the server is gone.
    List<JsonObject> acknowledged =
        orders.stream().filter(order -> answered2xx.contains(eventId(order))).toList();
    List<String> differences = StoredOrders.differencesFromSent(acknowledged);
    System.out.printf(
        "PROOF kill -9: %d orders sent by 16 threads, %d answered 2xx before the kill, %d without an"
            + " answer; of the 2xx, %d not stored as sent%n",
        ORDERS, acknowledgedBeforeKill, unanswered.get(), differences.size());
    assertEquals(List.of(), differences);
  }
}
