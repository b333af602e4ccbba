package com.partner.comptappart.orders.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two receivers on one database, each copy of an event sent to a different one at the same moment
 * (a sender's retry racing its first attempt, landing on the other server behind the proxy). Every
 * copy is answered 2xx, each event stored once, and the copies wait for each other before the
 * insert rather than on the database's unique key: none meets it.
 */
class ClusterRaceIT {

  static final String DATABASE = "comptappart_it_cluster_race";
  static final int EVENTS = 200;

  @Test
  void copiesOnTwoServersWaitForEachOtherAndStoreEachEventOnce() throws Exception {
    TestDatabase.recreate(DATABASE);
    try (MicroProcess first = receiver();
        MicroProcess second = receiver()) {
      List<WebhookClient> servers =
          List.of(
              new WebhookClient(first.base(), ReceiverDeployment.API_KEY),
              new WebhookClient(second.base(), ReceiverDeployment.API_KEY));
      for (WebhookClient server : servers) {
        // Up, migrated and warm.
        for (int i = 0; i < 20; i++) {
          assertEquals(200, server.post(Notifications.fresh().toString()).statusCode());
        }
      }
      double collisionsBefore = collisions(first) + collisions(second);

      ExecutorService senders = Executors.newFixedThreadPool(16);
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      List<String> eventIds = new ArrayList<>();
      try {
        for (int i = 0; i < EVENTS; i++) {
          JsonObject order = Notifications.fresh();
          String body = order.toString();
          eventIds.add(Notifications.eventId(order));
          CountDownLatch together = new CountDownLatch(2);
          for (WebhookClient server : servers) {
            answers.add(
                CompletableFuture.supplyAsync(
                    () -> {
                      together.countDown();
                      awaitQuietly(together);
                      return server.post(body);
                    },
                    senders));
          }
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
      } finally {
        senders.shutdownNow();
      }

      Map<Integer, Integer> statuses = new HashMap<>();
      for (var answer : answers) {
        statuses.merge(answer.join().statusCode(), 1, Integer::sum);
      }
      int rows =
          StoredOrders.countIn(
              DATABASE,
              "SELECT count(*) FROM customer_order WHERE event_id = ANY (?)",
              (Object) eventIds.toArray(String[]::new));
      double collided = collisions(first) + collisions(second) - collisionsBefore;
      System.out.printf(
          "PROOF copies racing on two servers: %d deliveries (%d events x 2) answered %s;"
              + " %d rows; %.0f copies met the unique key%n",
          answers.size(), EVENTS, statuses, rows, collided);
      assertEquals(Map.of(200, 2 * EVENTS), statuses);
      assertEquals(EVENTS, rows);
      assertEquals(0.0, collided, "copies that met the database's unique key");
    }
  }

  static MicroProcess receiver() throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("COMPTAPPART_API_KEYS", ReceiverDeployment.API_KEY);
    environment.put("COMPTAPPART_DELIVERY_SPOOL_DIR", ReceiverDeployment.freshSpool().toString());
    environment.put("COMPTAPPART_INVOICE_ALLOWED_HOSTS", "localhost");
    return MicroProcess.start(
        environment,
        List.of("-Dit.db.name=" + DATABASE),
        List.of(IntegrationEnvironment.microOptions()));
  }

  /** Copies that met the database's unique key on this server (and were retried). */
  static double collisions(MicroProcess server) {
    return Metrics.of(server.base()).value("comptappart_delivery_copies_collided_total");
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
