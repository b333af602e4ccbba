package com.partner.comptappart.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Command;
import com.partner.comptappart.it.DatabaseLink;
import com.partner.comptappart.it.Nginx;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OrderTraffic;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.StoredOrders;
import com.partner.comptappart.it.TestDatabase;
import com.partner.comptappart.it.WebhookClient;
import com.partner.comptappart.platform.JenkinsfileTest;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README's "Running more than one server" on a real Payara Server 6: a domain, the deployment group
 * of two instances that {@code server-config/deployment-group.sh} makes, the WAR deployed to it by
 * {@code server-config/deploy.sh} with {@code TARGET=comptappart-dg}, the project's nginx site in
 * front. Then a newer build is deployed by the Jenkinsfile's deployment step while orders flow
 * through nginx: instance by instance, each taken out of the proxy by {@code PROXY_DRAIN} (the
 * project's {@code server-config/nginx/upstream.sh}) and put back once ready.
 */
public class PayaraServerClusterIT {

  static final String DOMAIN = "it-cluster";
  static final String GROUP = "comptappart-dg";
  static final Duration WITHIN = Duration.ofSeconds(60);

  Path home;
  Path work;
  int adminPort;
  int[] instancePorts;
  int proxyPort;
  Map<String, String> environment;
  Path asadmin;

  @Test
  void aDeploymentGroupBehindNginxIsRedeployedInstanceByInstanceWithNoOrderLost() throws Exception {
    long started = System.nanoTime();
    home =
        PayaraServerDeploymentIT.unzip(
                Path.of(System.getProperty("it.payara.server.zip")), "payara-server-cluster")
            .resolve("payara6");
    work =
        Files.createDirectories(
            Path.of(System.getProperty("it.war")).resolveSibling("it-payara-server-cluster"));
    int portBase = PayaraServerDeploymentIT.freePortBase();
    adminPort = portBase + 48;
    int instancesBase = freeBaseForTwoInstances(portBase);
    instancePorts = new int[] {instancesBase + 80, instancesBase + 180};
    proxyPort = com.partner.comptappart.it.MicroProcess.freeTcpPort();
    environment = ProductionConfigIT.productionEnvironment();
    // The domain and its instances reach PostgreSQL through this test's link, which can cut it.
    DatabaseLink database = DatabaseLink.to(TestDatabase.HOST, TestDatabase.PORT);
    environment.put("COMPTAPPART_DB_PORT", String.valueOf(database.port()));
    asadmin = PayaraServerDeploymentIT.asadminScript(home, work.resolve("asadmin"));
    Map<String, String> procedure = new HashMap<>(environment);
    procedure.put("ASADMIN", asadmin.toString());
    procedure.put("ADMIN_PORT", String.valueOf(adminPort));
    procedure.put("PORT_BASE", String.valueOf(instancesBase));
    procedure.put("TARGET", GROUP);
    // The project's upstream.sh, as ops install it on the proxy host, on this test's nginx.
    procedure.put("PROXY_DRAIN", "server-config/nginx/upstream.sh down");
    procedure.put("PROXY_RESTORE", "server-config/nginx/upstream.sh up");
    procedure.put("NGINX_SITE", work.resolve("nginx.conf").toString());
    procedure.put(
        "NGINX_RELOAD", "nginx -s reload -c " + work.resolve("nginx.conf") + " -p " + work);

    // What an earlier run left (a second mvn verify in the same target/): its instances'
    // directories
    // outlive delete-domain, and instances created over them started with the old state and
    // stopped.
    HttpsIT.deleteRecursively(home.resolve("glassfish/nodes/localhost-" + DOMAIN));
    HttpsIT.deleteRecursively(home.resolve("glassfish/domains/" + DOMAIN));
    run(
        List.of(
            asadmin.toString(),
            "create-domain",
            "--nopassword",
            "--portbase",
            "" + portBase,
            DOMAIN));
    PayaraServerDeploymentIT.compileWithC1Only(home.resolve("glassfish/domains/" + DOMAIN));
    Process nginx = null;
    try {
      run(List.of(asadmin.toString(), "start-domain", DOMAIN));
      alias(asadmin, "comptappart-db-password", "unused-with-trust-auth");
      alias(asadmin, "comptappart-api-keys", PayaraServerDeploymentIT.API_KEY);
      alias(asadmin, "comptappart-personal-data-hash-salt", PayaraServerDeploymentIT.SALT);
      Nginx.configure(work, site());
      nginx = Nginx.start(work);

      // 0. Where ops start from: the domain's own server serves the receiver.
      Map<String, String> oneServer = new HashMap<>(procedure);
      oneServer.remove("TARGET");
      oneServer.put("HTTP_URL", "http://localhost:" + (portBase + 80));
      run(List.of("server-config/deploy.sh", "staging", System.getProperty("it.war")), oneServer);
      WebhookClient domainServer =
          new WebhookClient(
              new URL("http://127.0.0.1:" + (portBase + 80) + "/"),
              PayaraServerDeploymentIT.API_KEY);
      assertEquals(200, domainServer.post(Notifications.fresh().toString()).statusCode());

      // 1. The group (made twice: the second run changes nothing and succeeds), then the
      // first deployment to it, of the version the domain's server runs.
      List<String> makeGroup =
          List.of(
              "server-config/deployment-group.sh",
              "localhost-" + DOMAIN,
              "comptappart-1",
              "comptappart-2");
      String group = run(makeGroup, procedure);
      assertTrue(group.contains("comptappart-1   running"), group);
      assertTrue(group.contains("comptappart-2   running"), group);
      assertTrue(group.contains("JMS off in comptappart-config"), group);
      assertTrue(group.contains("data grid comptappart-" + adminPort), group);
      String again = run(makeGroup, procedure);
      assertEquals(
          List.of("comptappart-1   running", "comptappart-2   running"),
          again.lines().filter(line -> line.startsWith("comptappart-")).map(String::strip).toList(),
          again);
      assertTrue(again.lines().noneMatch(line -> line.startsWith("deployment-group:")), again);
      // C1 only, as for every test server (IntegrationEnvironment): an instance here lives for
      // minutes, and on 2 cores C2's compilations slow its boots. Read when each restarts.
      run(
          List.of(
              asadmin.toString(),
              "--port",
              "" + adminPort,
              "create-jvm-options",
              "--target",
              "comptappart-config",
              com.partner.comptappart.it.IntegrationEnvironment.C1_ONLY.replace(":", "\\:")));
      Map<String, String> json = new HashMap<>(procedure);
      json.put("LOG_FORMAT", "json");
      String first =
          run(List.of("server-config/deploy.sh", "staging", System.getProperty("it.war")), json);
      assertTrue(
          first.contains("comptappart-1 (localhost:" + instancePorts[0] + "): enabled and ready"),
          first);
      assertTrue(
          first.contains("comptappart-2 (localhost:" + instancePorts[1] + "): enabled and ready"),
          first);
      WebhookClient throughProxy =
          new WebhookClient(
              new URL("http://127.0.0.1:" + proxyPort + "/"), PayaraServerDeploymentIT.API_KEY);
      for (int i = 0; i < 2; i++) {
        JsonObject order = Notifications.fresh();
        var direct =
            new WebhookClient(
                    new URL("http://127.0.0.1:" + instancePorts[i] + "/"),
                    PayaraServerDeploymentIT.API_KEY)
                .post(order.toString());
        assertEquals(200, direct.statusCode(), direct.body());
        assertEquals(
            "staging", StoredOrders.order(Notifications.eventId(order)).get("environment"));
        // Each instance writes JSON lines to its own server.log, and spools to its own directory.
        Path log = instanceLog("comptappart-" + (i + 1));
        assertTrue(
            Poll.until(
                WITHIN,
                () -> PayaraServerDeploymentIT.jsonLine(log, Notifications.eventId(order)) != null),
            "no JSON line of " + Notifications.eventId(order) + " in " + log);
        String spool = environment.get("COMPTAPPART_SPOOL_DIR") + "/comptappart-" + (i + 1);
        assertTrue(Files.readString(log).contains("spooled to " + spool), log.toString());
      }

      // An instance names its server (Server, X-Powered-By); through the proxy, neither shows.
      var direct =
          new WebhookClient(
                  new URL("http://127.0.0.1:" + instancePorts[0] + "/"),
                  PayaraServerDeploymentIT.API_KEY)
              .post(Notifications.fresh().toString());
      var proxied = throughProxy.post(Notifications.fresh().toString());
      assertEquals(200, proxied.statusCode(), proxied.body());
      assertTrue(
          direct.headers().firstValue("X-Powered-By").isPresent(),
          "the instance's own headers: " + direct.headers().map());
      assertEquals(
          java.util.Optional.empty(),
          proxied.headers().firstValue("X-Powered-By"),
          "through nginx: " + proxied.headers().map());
      assertEquals("nginx", proxied.headers().firstValue("Server").orElse(""));

      // The move's last step (README): the domain's own server stops serving the receiver.
      run(List.of("bash", "-c", MOVE_OFF_THE_DOMAIN_SERVER), procedure);
      assertEquals(404, domainServer.post(Notifications.fresh().toString()).statusCode());

      // 2. A newer build, rolled out while orders flow through the proxy.
      OrderTraffic traffic = new OrderTraffic(throughProxy, 1, 25);
      String rolling;
      String rolled;
      long rollingStarted = System.nanoTime();
      long rollingStartedAt = System.currentTimeMillis();
      try {
        assertTrue(Poll.until(WITHIN, () -> traffic.sent.size() > 20), "orders flow");
        // The pipeline's deployment step, its shell part as Jenkins runs it (README: the same
        // deploy.sh), with the group's settings of the stage and Jenkins's credentials.
        Map<String, String> stage = new HashMap<>(procedure);
        stage.put("ENVIRONMENT", "staging");
        stage.put("WAR", ReceiverDeployment.warOfANewerBuild().toString());
        stage.put("WORKSPACE", Files.createDirectories(work.resolve("jenkins")).toString());
        stage.put("ADMIN_USER", "admin");
        stage.put("ADMIN_PASSWORD", "");
        rolling = run(List.of("bash", "-euc", JenkinsfileTest.deploymentScript()), stage);
        rolled = PayaraServerDeploymentIT.versionOf(Path.of(stage.get("WAR")));
        long answeredAfter = traffic.sent.size();
        assertTrue(
            Poll.until(WITHIN, () -> traffic.sent.size() > answeredAfter + 20),
            "orders flow after");
      } finally {
        traffic.stop();
      }
      long rollingSeconds = Duration.ofNanos(System.nanoTime() - rollingStarted).toSeconds();
      for (int i = 0; i < 2; i++) {
        String instance = "comptappart-" + (i + 1);
        assertTrue(rolling.contains(instance + " taken out of the proxy"), rolling);
        assertTrue(rolling.contains(instance + " back in the proxy"), rolling);
        assertTrue(
            rolling.contains(
                instance
                    + " (localhost:"
                    + instancePorts[i]
                    + "): enabled and ready (was: comptappart-orders:"),
            rolling);
      }
      List<String> eventIds = new ArrayList<>(traffic.sent.keySet());
      int rows =
          StoredOrders.count(
              "SELECT count(*) FROM customer_order WHERE event_id = ANY (?)",
              (Object) eventIds.toArray(new String[0]));
      System.out.printf(
          "PROOF rolling deployment of a Payara Server deployment group of 2 behind nginx: %d"
              + " orders during %d s, answers %s, %d rows; sent again after no answer: %s%n",
          eventIds.size(), rollingSeconds, traffic.statuses, rows, traffic.unanswered);
      assertEquals(List.of(), traffic.unanswered, "orders that got no answer");
      assertEquals(Map.of(200, (long) eventIds.size()), Map.copyOf(traffic.statuses));
      assertEquals(eventIds.size(), rows);
      // The drain itself: had nginx sent an order to an instance taken out (stopped, or booting
      // the new version), it would have passed it on after the failure, and logged both servers.
      List<List<String>> upstreams = Nginx.upstreamsOfOrders(work, rollingStartedAt);
      Map<String, Long> served = new java.util.TreeMap<>();
      upstreams.forEach(tried -> served.merge(String.join(" then ", tried), 1L, Long::sum));
      System.out.printf(
          "PROOF drain: orders through nginx during the rolling deployment, by upstream: %s%n",
          served);
      assertTrue(upstreams.size() >= eventIds.size(), "one access log line per order: " + served);
      assertEquals(
          List.of(),
          upstreams.stream().filter(tried -> tried.size() > 1).toList(),
          "orders nginx first sent to an instance out of service");
      for (int port : instancePorts) {
        assertTrue(served.containsKey("127.0.0.1:" + port), "both instances served: " + served);
      }

      assertAVersionNotReadyIsSwitchedBack(procedure, database, rolled);
    } finally {
      database.close();
      if (nginx != null) {
        nginx.destroy();
      }
      // Killed, each within 2 minutes: a cleanup that hangs would hold up the whole suite.
      for (String instance : List.of("comptappart-1", "comptappart-2")) {
        Command.run(
            List.of(
                "timeout",
                "120",
                asadmin.toString(),
                "--port",
                "" + adminPort,
                "stop-instance",
                "--kill=true",
                instance),
            environment,
            null);
      }
      Command.run(
          List.of("timeout", "120", asadmin.toString(), "stop-domain", "--kill=true", DOMAIN),
          environment,
          null);
      Command.run(
          List.of("timeout", "120", asadmin.toString(), "delete-domain", DOMAIN),
          environment,
          null);
    }
    System.out.printf(
        "PROOF Payara Server deployment group: domain, 2 instances, 2 deployments, stop in %d s%n",
        Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  /**
   * 3. A version that is not ready on the first instance it reaches (the database goes away while
   * that instance is out of the proxy): deploy.sh fails, switches that instance back to the version
   * that served, and leaves the other instance alone; with the database back, the first instance
   * serves the earlier version again.
   */
  void assertAVersionNotReadyIsSwitchedBack(
      Map<String, String> procedure, DatabaseLink database, String rolled) throws Exception {
    Path drained = work.resolve("drained");
    Files.deleteIfExists(drained);
    Path drain = work.resolve("drain-and-say-so.sh");
    Files.writeString(
        drain,
        "#!/bin/sh\nserver-config/nginx/upstream.sh down \"$1\" && touch '" + drained + "'\n");
    drain.toFile().setExecutable(true);
    Map<String, String> unready = new HashMap<>(procedure);
    unready.put("PROXY_DRAIN", drain.toString());
    unready.put("READY_SECONDS", "10");
    Path another = ReceiverDeployment.warOfAnotherBuild();
    String anotherVersion = PayaraServerDeploymentIT.versionOf(another);
    java.util.concurrent.CompletableFuture<Command.Result> deployment =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                Command.run(
                    List.of("server-config/deploy.sh", "staging", another.toString()),
                    unready,
                    null));
    Command.Result result;
    try {
      assertTrue(
          Poll.until(Duration.ofMinutes(5), () -> Files.exists(drained) || deployment.isDone()),
          "the first instance never drained");
      database.switchTo(DatabaseLink.Mode.REFUSE);
      result = deployment.get(10, java.util.concurrent.TimeUnit.MINUTES);
    } finally {
      database.switchTo(DatabaseLink.Mode.FORWARD);
    }
    String output = result.output();
    System.out.printf("PROOF a version not ready on an instance:%n%s%n", output);
    assertTrue(result.exitCode() != 0, output);
    assertTrue(
        output.contains("FAILED: " + anotherVersion + " is not ready on comptappart-1"), output);
    assertTrue(output.contains(rolled + " again on comptappart-1"), output);
    assertTrue(!output.contains("comptappart-2 taken out of the proxy"), output);
    for (String instance : List.of("comptappart-1", "comptappart-2")) {
      assertTrue(enabled(instance, rolled), rolled + " serves on " + instance);
      assertTrue(!enabled(instance, anotherVersion), anotherVersion + " is off on " + instance);
    }
    WebhookClient first =
        new WebhookClient(
            new URL("http://127.0.0.1:" + instancePorts[0] + "/"),
            PayaraServerDeploymentIT.API_KEY);
    assertTrue(
        Poll.until(WITHIN, () -> answers(first)),
        "the first instance serves the earlier version again once the database is back");
  }

  boolean enabled(String instance, String version) {
    return run(List.of(
            asadmin.toString(),
            "--port",
            "" + adminPort,
            "get",
            "servers.server." + instance + ".application-ref." + version + ".enabled"))
        .contains(".enabled=true");
  }

  static boolean answers(WebhookClient client) {
    try {
      return client.post(Notifications.fresh().toString()).statusCode() == 200;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  /** The manual's command that takes the receiver off the domain's own server (cluster.md). */
  public static final String MOVE_OFF_THE_DOMAIN_SERVER =
      "for version in $(\"$ASADMIN\" --port \"$ADMIN_PORT\" list-applications server"
          + " | awk '/^comptappart-orders/ {print $1}'); do"
          + " \"$ASADMIN\" --port \"$ADMIN_PORT\" delete-application-ref --target server"
          + " \"$version\"; done";

  Path instanceLog(String instance) {
    return home.resolve(
        "glassfish/nodes/localhost-" + DOMAIN + "/" + instance + "/logs/server.log");
  }

  /** The project's site on plain HTTP, its upstream the two instances. */
  String site() throws IOException {
    return Nginx.projectSite(
        proxyPort,
        List.of(
            "127.0.0.1:" + instancePorts[0] + " max_fails=1 fail_timeout=5s",
            "127.0.0.1:" + instancePorts[1] + " max_fails=1 fail_timeout=5s"));
  }

  void alias(Path asadmin, String name, String secret) throws IOException {
    Path file = work.resolve("alias.pwd");
    Files.writeString(file, "AS_ADMIN_ALIASPASSWORD=" + secret + "\n");
    try {
      run(
          List.of(
              asadmin.toString(),
              "--port",
              "" + adminPort,
              "--passwordfile",
              file.toString(),
              "create-password-alias",
              name));
    } finally {
      Files.delete(file);
    }
  }

  String run(List<String> command) {
    return run(command, environment);
  }

  /** Runs from the project directory, as ops do; fails the test with the output if it fails. */
  static String run(List<String> command, Map<String, String> environment) {
    long started = System.nanoTime();
    Command.Result result = Command.run(command, environment, null);
    // Where the class's minutes go, in its report: the steps are the procedure's.
    String step =
        String.join(" ", command.subList(Math.max(0, command.size() - 2), command.size()))
            .replaceAll("\\s+", " ");
    System.out.printf(
        "step %s: %d s%n",
        step.length() > 60 ? step.substring(0, 60) : step,
        Duration.ofNanos(System.nanoTime() - started).toSeconds());
    assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
    return result.output();
  }

  /** A port base, past the domain's, whose ports and the next hundred's are free. */
  static int freeBaseForTwoInstances(int domainBase) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = PayaraServerDeploymentIT.freePortBase();
      if (Math.abs(base - domainBase) >= 200 && PayaraServerDeploymentIT.isFree(base + 100)) {
        return base;
      }
    }
    throw new IllegalStateException("no free port bases for two instances");
  }
}
