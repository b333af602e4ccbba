package com.partner.comptappart.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids for new rows, handed out from blocks of a database sequence (its {@code INCREMENT BY}: {@link
 * #BLOCK}) without a lock. JPA's own preallocation ({@code @GeneratedValue(strategy = SEQUENCE)})
 * makes every thread that needs an id wait on one lock while a block is fetched, and EclipseLink's
 * waiters spin on it (JDK Flight Recorder, 16 concurrent orders: 37 ms per release, the largest
 * single cost of an order). Here a thread that finds the block used up fetches one of its own with
 * {@code nextval}, in its transaction: blocks never overlap, because each comes from its own {@code
 * nextval}; a block replaced before it was used up leaves a gap, which ids may have.
 */
@ApplicationScoped
public class IdBlocks {

  /** The {@code INCREMENT BY} of every id sequence in {@code db/migration}. */
  public static final int BLOCK = 50;

  @PersistenceContext EntityManager em;

  /** The ids of one block: {@code next} up to {@code last}. */
  private record Block(AtomicLong next, long last) {
    long take() {
      long id = next.getAndIncrement();
      return id <= last ? id : -1;
    }
  }

  private final Map<String, Block> blocks = new ConcurrentHashMap<>();

  /** The next id of the sequence, named as in {@code CREATE SEQUENCE}. */
  public long next(String sequence) {
    Block block = blocks.get(sequence);
    long id = block == null ? -1 : block.take();
    if (id > 0) {
      return id;
    }
    long last =
        ((Number) em.createNativeQuery("SELECT nextval('" + sequence + "')").getSingleResult())
            .longValue();
    Block fresh = new Block(new AtomicLong(last - BLOCK + 1), last);
    id = fresh.take();
    blocks.put(sequence, fresh);
    return id;
  }
}
