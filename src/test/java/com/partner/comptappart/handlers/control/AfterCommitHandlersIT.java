package com.partner.comptappart.handlers.control;

import static com.partner.comptappart.it.Notifications.eventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.IntegrationEnvironment;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.OpsClient;
import com.partner.comptappart.it.Poll;
import com.partner.comptappart.it.ReceiverDeployment;
import com.partner.comptappart.it.WebhookClient;
import com.partner.comptappart.it.WelcomeMailHandler;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Partner work after an order's commit is done at least once, on a real Payara Micro and
 * PostgreSQL, with a welcome-mail handler whose mail server the test takes down ({@link
 * WelcomeMailHandler}): retried until it works, taken again after a kill -9, given up after the
 * limit and run again by ops. Each effect happens once.
 */
class AfterCommitHandlersIT {

  static final Duration WITHIN = Duration.ofSeconds(30);
  static Path mailServer;
  static Path war;
  static MicroProcess receiver;

  @BeforeAll
  static void start() throws IOException {
    Path work = Path.of(System.getProperty("it.war")).resolveSibling("it-handlers");
    Files.createDirectories(work);
    mailServer = Files.createTempDirectory(work, "mail");
    war = Files.createTempFile(work, "with-handler", ".war");
    ReceiverDeployment.withConfig(
            WelcomeMailHandler.DIRECTORY,
            mailServer.toString(),
            "comptappart.handlers.interval",
            "PT1S",
            "comptappart.handlers.first-retry",
            "PT1S",
            "comptappart.handlers.lease",
            "PT10S",
            "comptappart.handlers.max-attempts",
            "3")
        .addClasses(WelcomeMailHandler.class, Poll.class)
        .as(ZipExporter.class)
        .exportTo(war.toFile(), true);
    receiver = startReceiver();
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  static MicroProcess startReceiver() throws IOException {
    return MicroProcess.start(
        Map.of(), List.of(), List.of(IntegrationEnvironment.microOptions()), war);
  }

  @Test
  void aHandlerFailingTwiceRunsThreeTimesAndQueuesOneMail() throws Exception {
    JsonObject order = Notifications.fresh();
    Files.writeString(mailServer.resolve("down-" + eventId(order)), "2");

    assertEquals(200, send(order));

    assertTrue(Poll.until(WITHIN, () -> mailQueued(order)), "mail queued; calls: " + calls(order));
    assertEquals(List.of("1", "2", "3"), calls(order));
    JsonObject run = runOf(order);
    assertEquals("DONE", run.getString("state"));
    assertEquals(3, run.getInt("attempts"));
    assertEquals("welcome-mail", run.getString("handler"));
  }

  @Test
  void aHandlerCutShortByAKillRunsAgainAfterTheRestart() throws Exception {
    JsonObject order = Notifications.fresh();
    Path hold = mailServer.resolve("hold-" + eventId(order));
    Files.writeString(hold, "");

    assertEquals(200, send(order));
    assertTrue(Poll.until(WITHIN, () -> calls(order).equals(List.of("1"))), "the first call began");
    receiver.kill();
    Files.delete(hold);
    assertFalse(mailQueued(order), "the killed call queued nothing");
    receiver = startReceiver();

    assertTrue(Poll.until(WITHIN, () -> mailQueued(order)), "mail queued; calls: " + calls(order));
    assertEquals(List.of("1", "2"), calls(order), "the attempt cut short counts");
    assertEquals("DONE", runOf(order).getString("state"));
  }

  @Test
  void aHandlerFailingEveryTimeIsGivenUpAtTheLimitAndOpsRunItAgain() throws Exception {
    JsonObject order = Notifications.fresh();
    Path down = mailServer.resolve("down-" + eventId(order));
    Files.writeString(down, "99");

    assertEquals(200, send(order));
    assertTrue(
        Poll.until(WITHIN, () -> "FAILED".equals(runOf(order).getString("state"))),
        "given up: " + runOf(order));
    assertEquals(List.of("1", "2", "3"), calls(order));
    assertTrue(runOf(order).getString("lastError").contains("mail server unavailable"));
    assertFalse(mailQueued(order));

    Files.delete(down);
    OpsClient ops = new OpsClient(receiver.base());
    var again = ops.post("api/ops/handler-runs/" + runOf(order).getJsonNumber("id") + "/run");
    assertEquals(200, again.statusCode(), OpsClient.text(again));
    assertTrue(Poll.until(WITHIN, () -> mailQueued(order)), "mail queued; calls: " + calls(order));
    assertEquals(List.of("1", "2", "3", "4"), calls(order));
    assertEquals("DONE", runOf(order).getString("state"));
  }

  static int send(JsonObject order) {
    return new WebhookClient(receiver.base(), null).post(order.toString()).statusCode();
  }

  static boolean mailQueued(JsonObject order) {
    return Files.exists(mailServer.resolve("mail-" + eventId(order)));
  }

  static List<String> calls(JsonObject order) {
    try {
      Path calls = mailServer.resolve("calls-" + eventId(order));
      return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    } catch (IOException unreadable) {
      return List.of();
    }
  }

  static JsonObject runOf(JsonObject order) {
    JsonArray runs =
        (JsonArray)
            OpsClient.json(
                new OpsClient(receiver.base())
                    .get("api/ops/handler-runs?eventId=" + eventId(order)));
    assertEquals(1, runs.size(), runs.toString());
    return runs.getJsonObject(0);
  }
}
