package com.partner.comptappart.orders.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class InFlightEventsTest {

  private final InFlightEvents inFlight = new InFlightEvents();

  @Test
  void aSecondCopyOfAnEventWaitsUntilTheFirstIsDone() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();

    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () ->
                inFlight.oneAtATime(
                    "evt_1",
                    () -> {
                      firstStarted.countDown();
                      await(releaseFirst);
                      order.add("first");
                      return "created";
                    }));
    assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(
            () ->
                inFlight.oneAtATime(
                    "evt_1",
                    () -> {
                      order.add("second");
                      return "already_processed";
                    }));

    ReentrantLock stripe = inFlight.stripeOf("evt_1");
    while (!stripe.hasQueuedThreads()) {
      Thread.onSpinWait();
    }
    assertFalse(second.isDone(), "the copy must wait for the first delivery");
    releaseFirst.countDown();

    assertEquals("created", first.get(5, TimeUnit.SECONDS));
    assertEquals("already_processed", second.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("first", "second"), order);
  }

  @Test
  void anEventIsNotHeldUpByItselfWhenProcessingNestsOrFails() {
    assertEquals(
        "inner", inFlight.oneAtATime("evt_2", () -> inFlight.oneAtATime("evt_2", () -> "inner")));
    assertThrows(
        IllegalStateException.class,
        () ->
            inFlight.oneAtATime(
                "evt_3",
                () -> {
                  throw new IllegalStateException("database down");
                }));
    // the lock is given back all the same
    assertFalse(inFlight.stripeOf("evt_3").isLocked());
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
