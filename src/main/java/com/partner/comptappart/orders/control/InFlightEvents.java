package com.partner.comptappart.orders.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>Events are spread over a fixed set of locks by the hash of their id, so unrelated events
 * rarely wait for each other and nothing has to be cleaned up.
 */
@ApplicationScoped
public class InFlightEvents {

  private static final int STRIPES = 256;

  /** Past this wait the copy goes on anyway and the database decides, as without this class. */
  private static final long LONGEST_WAIT_MILLIS = 5_000;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  public InFlightEvents() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock(true);
    }
  }

  public <T> T oneAtATime(String eventId, Supplier<T> work) {
    ReentrantLock lock = stripeOf(eventId);
    boolean locked = false;
    try {
      locked = lock.tryLock(LONGEST_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      return work.get();
    } finally {
      if (locked) {
        lock.unlock();
      }
    }
  }

  ReentrantLock stripeOf(String eventId) {
    return stripes[Math.floorMod(eventId.hashCode(), STRIPES)];
  }
}
