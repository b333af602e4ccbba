package com.partner.comptappart.orders.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightEventsTest {

  /** A wait far longer than any test, so that a copy that waits when it should not hangs. */
  private final InFlightEvents inFlight = new InFlightEvents(TimeUnit.MINUTES.toMillis(10));

  @Test
  void aSecondCopyOfAnEventWaitsUntilTheFirstIsDone() throws Exception {
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    CompletableFuture<String> first = blockedUntil(releaseFirst, "evt_1", order);

    CompletableFuture<String> second = new CompletableFuture<>();
    Thread copy =
        new Thread(
            () ->
                second.complete(
                    inFlight.oneAtATime(
                        "evt_1",
                        () -> {
                          order.add("second");
                          return "already_processed";
                        })));
    copy.start();
    awaitWaiting(inFlight, 1);

    assertEquals(List.of(), order, "the copy must not run while the first is in flight");
    releaseFirst.countDown();
    assertEquals("created", first.get(5, TimeUnit.SECONDS));
    assertEquals("already_processed", second.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("first", "second"), order);
    assertFalse(inFlight.isInFlight("evt_1"));
    assertEquals(0, inFlight.waiting());
  }

  @Test
  void pastTheLongestWaitTheCopyGoesOnAndTheDatabaseDecides() throws Exception {
    InFlightEvents shortWait = new InFlightEvents(200);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () ->
                shortWait.oneAtATime(
                    "evt_5",
                    () -> {
                      started.countDown();
                      await(releaseFirst);
                      return "created";
                    }));
    assertTrue(started.await(5, TimeUnit.SECONDS));

    long start = System.nanoTime();
    String copy = shortWait.oneAtATime("evt_5", () -> "went on while the first was in flight");
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertEquals("went on while the first was in flight", copy);
    assertTrue(waitedMillis >= 200, "went on after " + waitedMillis + " ms, not before the bound");
    assertTrue(shortWait.isInFlight("evt_5"), "the first copy still holds its slot");
    assertEquals(0, shortWait.waiting());
    releaseFirst.countDown();
    assertEquals("created", first.get(5, TimeUnit.SECONDS));
    assertFalse(shortWait.isInFlight("evt_5"));
  }

  @Test
  void otherEventsDoNotWait() throws Exception {
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    CompletableFuture<String> first = blockedUntil(releaseFirst, "evt_2", order);

    assertEquals(
        "other",
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> inFlight.oneAtATime("evt_3", () -> "other")));
    assertTrue(inFlight.isInFlight("evt_2"));

    releaseFirst.countDown();
    assertEquals("created", first.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aFailedAttemptLetsTheNextCopyThrough() {
    assertThrows(
        IllegalStateException.class,
        () ->
            inFlight.oneAtATime(
                "evt_4",
                () -> {
                  throw new IllegalStateException("database down");
                }));

    assertFalse(inFlight.isInFlight("evt_4"));
    assertEquals("created", inFlight.oneAtATime("evt_4", () -> "created"));
  }

  /** Starts a first delivery of the event that stays in flight until released. */
  private CompletableFuture<String> blockedUntil(
      CountDownLatch release, String eventId, List<String> order) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () ->
                inFlight.oneAtATime(
                    eventId,
                    () -> {
                      started.countDown();
                      await(release);
                      order.add("first");
                      return "created";
                    }));
    assertTrue(started.await(5, TimeUnit.SECONDS));
    assertTrue(inFlight.isInFlight(eventId));
    return first;
  }

  private static void awaitWaiting(InFlightEvents events, int copies) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (events.waiting() != copies) {
      assertTrue(System.nanoTime() < deadline, copies + " copies never waited");
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
