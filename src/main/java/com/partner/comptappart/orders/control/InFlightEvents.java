package com.partner.comptappart.orders.control;

import com.partner.comptappart.platform.control.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Lets one copy of an event at a time be processed in this server; a copy that arrives meanwhile
 * waits here, then finds the order stored and is answered "already processed".
 *
 * <p>Why: without this, the second copy waits inside PostgreSQL on the first copy's unique-key
 * entry, and that wait counts against the JDBC socket timeout (2 s, there to answer a dead database
 * fast). Under load the first copy can take longer than that to commit, and the second would be
 * answered 503 although nothing is wrong. Waiting here costs no connection and no timeout. The
 * database's unique keys still decide across servers; this only keeps the wait out of the database.
 * Only copies of the same event wait for each other. Ops see how many copies wait now in {@code
 * comptappart_delivery_copies_waiting}.
 */
@ApplicationScoped
public class InFlightEvents {

  /**
   * Past this wait the copy goes on anyway and the database decides, as without this class; with
   * its own attempt (at most 3 s against a dead database) it still answers within the sender's 10
   * s.
   */
  static final long LONGEST_WAIT_MILLIS = 5_000;

  private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight =
      new ConcurrentHashMap<>();
  private final long longestWaitMillis;
  private final AtomicInteger waiting = new AtomicInteger();

  public InFlightEvents() {
    this(LONGEST_WAIT_MILLIS);
  }

  InFlightEvents(long longestWaitMillis) {
    this.longestWaitMillis = longestWaitMillis;
  }

  public <T> T oneAtATime(String eventId, Supplier<T> work) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(longestWaitMillis);
    CompletableFuture<Void> earlier;
    while ((earlier = inFlight.putIfAbsent(eventId, mine)) != null) {
      waiting.incrementAndGet();
      boolean done;
      try {
        done = awaitUntil(earlier, deadline);
      } finally {
        waiting.decrementAndGet();
      }
      if (!done) {
        return work.get();
      }
    }
    try {
      return work.get();
    } finally {
      inFlight.remove(eventId, mine);
      mine.complete(null);
    }
  }

  /** How many copies wait for an earlier copy of their event now. */
  public int waiting() {
    return waiting.get();
  }

  void registerGauge(
      @Observes @Initialized(ApplicationScoped.class) Object deployment, Metrics metrics) {
    metrics.gauge("comptappart.delivery.copies.waiting", this::waiting);
  }

  /** Whether a copy of this event is being processed now. */
  boolean isInFlight(String eventId) {
    return inFlight.containsKey(eventId);
  }

  private static boolean awaitUntil(CompletableFuture<Void> earlier, long deadline) {
    try {
      earlier.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException tooLong) {
      return false;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException cannotHappen) {
      // Completed normally only; treated as done.
      return true;
    }
  }
}
