package com.partner.comptappart.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.Metrics;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Nginx;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OrderTraffic;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * More than one server: two receivers on one PostgreSQL database behind the project's nginx site,
 * whose upstream names both. Copies racing across them, an outage longer than the sender waits, a
 * rolling redeployment and a crash, each with every order stored once. The crash comes last: it
 * leaves one instance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  static final String DATABASE = "comptappart_it_cluster";
  static final Duration WITHIN = Duration.ofSeconds(60);

  /** How long a recovery claim holds on these instances. */
  static final Duration LEASE = Duration.ofSeconds(15);

  static Path work;
  static final int[] ports = {MicroProcess.freeTcpPort(), MicroProcess.freeTcpPort()};
  static final MicroProcess[] instances = new MicroProcess[2];
  static Process nginx;
  static int proxyPort;
  static WebhookClient throughProxy;

  @BeforeAll
  static void startTwoInstancesBehindTheProxy() throws Exception {
    TestDatabase.recreate(DATABASE);
    work =
        Files.createDirectories(Path.of(System.getProperty("it.war")).resolveSibling("it-cluster"));
    for (int i = 0; i < 2; i++) {
      instances[i] = start(i);
    }
    proxyPort = MicroProcess.freeTcpPort();
    Nginx.configure(work, site(new boolean[] {true, true}));
    nginx = Nginx.start(work);
    throughProxy =
        new WebhookClient(
            new URL("http://127.0.0.1:" + proxyPort + "/"), ReceiverDeployment.API_KEY);
    assertTrue(
        Poll.until(Duration.ofSeconds(20), () -> answers(throughProxy)),
        "nginx does not answer: " + Files.readString(work.resolve("nginx.out")));
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.destroy();
    }
    for (MicroProcess instance : instances) {
      if (instance != null) {
        instance.close();
      }
    }
  }

  @Test
  @Order(1)
  void copiesRacingOnTwoInstancesAreStoredOnceWithoutMeetingTheUniqueKey() throws Exception {
    int events = 200;
    double collisionsBefore = collisions();
    double[] deliveriesBefore = {deliveries(instances[0]), deliveries(instances[1])};
    ExecutorService senders = Executors.newFixedThreadPool(16);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    List<String> eventIds = new ArrayList<>();
    try {
      for (int i = 0; i < events; i++) {
        JsonObject order = Notifications.fresh();
        eventIds.add(Notifications.eventId(order));
        // The two copies at the same moment, copy k straight to instance k: each instance gets
        // one copy of every event, whatever a proxy's balancing would have done.
        CountDownLatch together = new CountDownLatch(2);
        for (int copy = 0; copy < 2; copy++) {
          WebhookClient instance = direct(copy);
          answers.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    together.countDown();
                    awaitQuietly(together);
                    return instance.post(order.toString());
                  },
                  senders));
        }
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    } finally {
      senders.shutdownNow();
    }
    Map<Integer, Long> statuses = statuses(answers);
    int rows = rows(eventIds);
    double collided = collisions() - collisionsBefore;
    double[] received = {
      deliveries(instances[0]) - deliveriesBefore[0], deliveries(instances[1]) - deliveriesBefore[1]
    };
    System.out.printf(
        "PROOF copies racing on two instances: %d deliveries (%d events x 2, copy k to instance"
            + " k) answered %s; %d rows; %.0f copies met the unique key; deliveries per instance"
            + " %.0f, %.0f%n",
        answers.size(), events, statuses, rows, collided, received[0], received[1]);
    assertEquals(Map.of(200, 2L * events), statuses);
    assertEquals(events, rows);
    assertEquals(events, received[0], "deliveries counted by instance 0");
    assertEquals(events, received[1], "deliveries counted by instance 1");
    // The cluster-wide claim (an advisory lock on the event id) makes the second copy find the
    // stored order; only a first copy still uncommitted after the claim's longest wait (5 s, a
    // loaded machine) lets the other go on to meet the unique key. Without the claim, most pairs
    // would meet it.
    assertTrue(
        collided <= events / 20.0,
        collided + " of " + events + " racing pairs met the database's unique key");
  }

  @Test
  @Order(2)
  void ordersTheSenderGaveUpOnDuringAnOutageAreStoredOnceItIsBack() {
    int orders = 20;
    DatabaseLink link = IntegrationEnvironment.databaseLink();
    List<JsonObject> sent = new ArrayList<>();
    double recoveredBefore = recovered();
    link.switchTo(DatabaseLink.Mode.REFUSE);
    try {
      for (int i = 0; i < orders; i++) {
        // Each order once, never again: a sender past its last attempt.
        JsonObject order = Notifications.fresh();
        sent.add(order);
        var answer = direct(i % 2).post(order.toString());
        assertEquals(503, answer.statusCode(), answer.body());
      }
    } finally {
      link.switchTo(DatabaseLink.Mode.FORWARD);
    }
    long back = System.nanoTime();
    List<String> eventIds = sent.stream().map(Notifications::eventId).toList();

    assertTrue(
        Poll.until(WITHIN, () -> rows(eventIds) == orders),
        rows(eventIds) + " of " + orders + " orders stored within " + WITHIN);
    long seconds = Duration.ofNanos(System.nanoTime() - back).toSeconds();
    for (String eventId : eventIds) {
      assertEquals(1, count("SELECT count(*) FROM customer_order WHERE event_id = ?", eventId));
      // Recovered once in the cluster, recorded as the system's replay.
      assertEquals(
          1,
          count(
              "SELECT count(*) FROM delivery WHERE event_id = ? AND replay_of IS NOT NULL"
                  + " AND user_agent = 'ops:outage-recovery' AND outcome = 'CREATED'",
              eventId));
    }
    double recovered = recovered() - recoveredBefore;
    assertEquals(orders, recovered);
    System.out.printf(
        "PROOF outage longer than the sender waits: %d orders answered 503 by two instances,"
            + " all stored once %d s after the database returned; recovered %.0f%n",
        orders, seconds, recovered);
  }

  /**
   * A receiver that claimed a delivery for its recovery and died holds it for the lease only (15 s
   * here, 5 minutes by default): then another receiver takes it over and stores the order. The dead
   * receiver's state is planted as it leaves it: a delivery answered 503 during an outage, its
   * event not stored, claimed for recovery at this moment.
   */
  @Test
  @Order(3)
  void aDeadReceiversRecoveryClaimIsTakenOverAfterItsLease() throws Exception {
    JsonObject order = Notifications.fresh();
    String eventId = Notifications.eventId(order);
    java.time.OffsetDateTime claimed;
    try (java.sql.Connection connection = TestDatabase.connect(DATABASE);
        java.sql.PreparedStatement plant =
            connection.prepareStatement(
                "INSERT INTO delivery (id, received_at, event_id, event_type, outcome,"
                    + " status_code, error_code, duration_ms, user_agent, client_address, body,"
                    + " body_truncated, recovery_claimed_at) VALUES (nextval('delivery_seq'),"
                    + " now(), ?, 'order.created', 'FAILED', 503, 'database_unavailable', 2,"
                    + " 'ComptAppart-Webhooks/2.1', '127.0.0.1', ?, FALSE, now())"
                    + " RETURNING recovery_claimed_at")) {
      plant.setString(1, eventId);
      plant.setBytes(2, order.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      try (java.sql.ResultSet row = plant.executeQuery()) {
        row.next();
        claimed = row.getObject(1, java.time.OffsetDateTime.class);
      }
    }

    assertTrue(
        Poll.until(LEASE.plus(WITHIN), () -> rows(List.of(eventId)) == 1),
        "the order of the claimed delivery stored within the lease and " + WITHIN);
    java.time.OffsetDateTime recovered =
        (java.time.OffsetDateTime)
            StoredOrders.rowsIn(
                    DATABASE,
                    "SELECT received_at FROM delivery WHERE event_id = ?"
                        + " AND user_agent = 'ops:outage-recovery' AND outcome = 'CREATED'",
                    eventId)
                .get(0)
                .get("received_at");
    Duration after = Duration.between(claimed, recovered);
    System.out.printf(
        "PROOF a dead receiver's recovery claim (lease %d s) taken over %d ms after it was made%n",
        LEASE.toSeconds(), after.toMillis());
    assertTrue(after.compareTo(LEASE) >= 0, "taken over " + after + " after the claim");
  }

  /**
   * README's procedure, instance by instance: out of the proxy's upstream (marked {@code down},
   * {@code nginx -s reload}), drained (its delivery count stops moving), stopped, started with the
   * WAR, ready, back in the upstream, taking orders again.
   */
  @Test
  @Order(4)
  void aRollingRedeploymentLosesNothing() throws Exception {
    OrderTraffic traffic = new OrderTraffic(throughProxy, 2, 20);
    try {
      for (int i = 0; i < 2; i++) {
        int instance = i;
        assertTrue(Poll.until(WITHIN, () -> traffic.answered() > 20 * (instance + 1)));
        proxyTo(instance == 0 ? new boolean[] {false, true} : new boolean[] {true, false});
        Drain drain = new Drain(instances[i], traffic);
        assertTrue(Poll.until(WITHIN, drain::isDrained), "instance " + i + " never drained");
        instances[i].close();
        instances[i] = start(i);
        assertEquals(200, Readiness.of(instances[i].base()).statusCode());
        proxyTo(new boolean[] {true, true});
        double before = deliveries(instances[i]);
        assertTrue(
            Poll.until(WITHIN, () -> deliveries(instances[instance]) > before + 5),
            "instance " + i + " back in the proxy takes orders");
      }
    } finally {
      traffic.stop();
    }
    System.out.printf(
        "PROOF rolling redeployment of both instances behind nginx under traffic: %d orders,"
            + " answers %s, %d rows; sent again after no answer: %s%n",
        traffic.sent.size(),
        traffic.statuses,
        rows(new ArrayList<>(traffic.sent.keySet())),
        traffic.unanswered);
    assertEquals(List.of(), traffic.unanswered, "orders that got no answer");
    assertEquals(Map.of(200, (long) traffic.sent.size()), Map.copyOf(traffic.statuses));
    assertStoredOnce(traffic.sent.keySet());
  }

  /** Drained: no delivery reached the instance for a second while orders kept flowing. */
  static final class Drain {
    final MicroProcess instance;
    final OrderTraffic traffic;
    double count = -1;
    long since;
    long answeredSince;

    Drain(MicroProcess instance, OrderTraffic traffic) {
      this.instance = instance;
      this.traffic = traffic;
    }

    boolean isDrained() {
      double now = deliveries(instance);
      if (now != count) {
        count = now;
        since = System.nanoTime();
        answeredSince = traffic.answered();
        return false;
      }
      return System.nanoTime() - since > TimeUnit.SECONDS.toNanos(1)
          && traffic.answered() > answeredSince + 5;
    }
  }

  /** Rewrites the upstream (an instance not up is marked down) and reloads nginx. */
  static void proxyTo(boolean[] up) throws Exception {
    Nginx.configure(work, site(up));
    assertTrue(Nginx.reload(work), "nginx reload");
  }

  static double deliveries(MicroProcess instance) {
    return Metrics.of(instance.base())
        .byLabel("comptappart_deliveries_total", "outcome")
        .values()
        .stream()
        .mapToDouble(Double::doubleValue)
        .sum();
  }

  @Test
  @Order(5)
  void aKilledInstanceLosesNoOrderItAnswered() throws Exception {
    int total = 1000;
    List<JsonObject> orders = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      orders.add(Notifications.fresh());
    }
    ExecutorService senders = Executors.newFixedThreadPool(16);
    Map<String, Integer> answered = new ConcurrentHashMap<>();
    AtomicInteger inFlight = new AtomicInteger();
    List<CompletableFuture<Void>> sending = new ArrayList<>();
    for (JsonObject order : orders) {
      sending.add(
          CompletableFuture.runAsync(
              () -> {
                int status;
                inFlight.incrementAndGet();
                try {
                  status = throughProxy.post(order.toString()).statusCode();
                } catch (RuntimeException failed) {
                  status = 0;
                } finally {
                  inFlight.decrementAndGet();
                }
                answered.put(Notifications.eventId(order), status);
              },
              senders));
    }
    assertTrue(Poll.until(WITHIN, () -> answered.size() >= total / 4));
    double answeredByTheKilled = deliveries(instances[0]);
    int inFlightAtTheKill = inFlight.get();
    instances[0].kill();
    CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    senders.shutdownNow();

    Map<Integer, Long> statuses =
        answered.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    System.out.printf(
        "PROOF kill -9 with %d requests in flight through nginx, the killed instance having"
            + " answered %.0f: answers %s%n",
        inFlightAtTheKill, answeredByTheKilled, statuses);
    assertTrue(inFlightAtTheKill > 0, "requests in flight at the kill");
    assertTrue(answeredByTheKilled > 0, "the killed instance was taking orders");
    // README (cluster.md): nginx passes the killed instance's requests to the other.
    assertEquals(Map.of(200, (long) total), statuses, "every request answered 200");
    List<String> ok =
        answered.entrySet().stream()
            .filter(entry -> entry.getValue() / 100 == 2)
            .map(Map.Entry::getKey)
            .toList();
    assertStoredOnce(ok);
    // The sender resends everything (its retries): every order stored, once.
    ExecutorService resenders = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Integer>> resent = new ArrayList<>();
      for (JsonObject order : orders) {
        resent.add(
            CompletableFuture.supplyAsync(
                () -> throughProxy.post(order.toString()).statusCode(), resenders));
      }
      for (CompletableFuture<Integer> status : resent) {
        assertEquals(200, status.get(5, TimeUnit.MINUTES));
      }
    } finally {
      resenders.shutdownNow();
    }
    List<String> all = orders.stream().map(Notifications::eventId).toList();
    System.out.printf(
        "PROOF kill -9 of one of two instances while 16 threads send %d orders through nginx:"
            + " answers %s, every 2xx stored once; after resending all, %d rows%n",
        total, statuses, rows(all));
    assertEquals(total, rows(all));
    assertStoredOnce(all);
  }

  static MicroProcess start(int instance) throws IOException {
    Map<String, String> environment = new HashMap<>();
    environment.put("COMPTAPPART_API_KEYS", ReceiverDeployment.API_KEY);
    // Per instance: its delivery spool (server-config/README.md).
    environment.put("COMPTAPPART_DELIVERY_SPOOL_DIR", work.resolve("spool-" + instance).toString());
    environment.put("COMPTAPPART_DELIVERY_SPOOL_DRAIN_SECONDS", "2");
    environment.put("COMPTAPPART_OUTAGE_RECOVERY_INTERVAL", "PT2S");
    environment.put("COMPTAPPART_OUTAGE_RECOVERY_LEASE", "PT" + LEASE.toSeconds() + "S");
    environment.put("COMPTAPPART_INVOICE_ALLOWED_HOSTS", "localhost");
    return MicroProcess.onPort(
        ports[instance],
        environment,
        List.of("-Dit.db.name=" + DATABASE),
        List.of(IntegrationEnvironment.microOptions()));
  }

  /** The project's site with both instances in its upstream, on plain HTTP for the test. */
  static String site(boolean[] up) throws IOException {
    return Nginx.projectSite(
        proxyPort,
        List.of(
            "127.0.0.1:" + ports[0] + " max_fails=1 fail_timeout=5s" + (up[0] ? "" : " down"),
            "127.0.0.1:" + ports[1] + " max_fails=1 fail_timeout=5s" + (up[1] ? "" : " down")));
  }

  static boolean answers(WebhookClient client) {
    try {
      return client.post("{}").statusCode() == 400;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  static WebhookClient direct(int instance) {
    return new WebhookClient(instances[instance].base(), ReceiverDeployment.API_KEY);
  }

  static Map<Integer, Long> statuses(List<CompletableFuture<HttpResponse<String>>> answers) {
    return answers.stream()
        .collect(Collectors.groupingBy(a -> a.join().statusCode(), Collectors.counting()));
  }

  static double collisions() {
    double sum = 0;
    for (MicroProcess instance : instances) {
      sum += Metrics.of(instance.base()).value("comptappart_delivery_copies_collided_total");
    }
    return sum;
  }

  static double recovered() {
    double sum = 0;
    for (MicroProcess instance : instances) {
      sum +=
          Metrics.of(instance.base())
              .value("comptappart_deliveries_recovered_total", "outcome=\"created\"");
    }
    return sum;
  }

  /** Each stored, and once: the unique key on the event id allows no second row. */
  static void assertStoredOnce(java.util.Collection<String> eventIds) {
    assertEquals(eventIds.size(), rows(new ArrayList<>(eventIds)), "orders stored");
  }

  static int rows(List<String> eventIds) {
    return StoredOrders.countIn(
        DATABASE,
        "SELECT count(*) FROM customer_order WHERE event_id = ANY (?)",
        (Object) eventIds.toArray(String[]::new));
  }

  static int count(String sql, Object... parameters) {
    return StoredOrders.countIn(DATABASE, sql, parameters);
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
