package com.partner.comptappart.deliveries.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Requests refused for their credentials (API key or signature). Anyone can send them, so they are
 * not stored row by row nor logged one by one: they are counted (the {@code unauthorized} outcome
 * in the metrics) and summed up in one WARNING per interval, with the reasons and the addresses
 * that sent the most. Memory stays bounded whatever the number of addresses.
 */
@ApplicationScoped
public class UnauthenticatedRequests {

  /** Addresses tracked per interval; beyond it, refusals count under "other addresses". */
  static final int MAX_ADDRESSES = 1000;

  static final int ADDRESSES_LOGGED = 10;
  private static final Logger LOG = Logger.getLogger(UnauthenticatedRequests.class.getName());

  private volatile Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
  private volatile Map<String, LongAdder> byAddress = new ConcurrentHashMap<>();
  private final LongAdder otherAddresses = new LongAdder();
  // Since this server started, by reason (a handful of codes): the console's Integration page.
  private final Map<String, LongAdder> sinceStart = new ConcurrentHashMap<>();

  @Inject
  @ConfigProperty(name = "comptappart.unauthenticated-summary-seconds", defaultValue = "60")
  long intervalSeconds;

  @Resource ManagedScheduledExecutorService scheduler;
  private ScheduledFuture<?> summing;

  void startSumming(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    summing =
        scheduler.scheduleAtFixedRate(
            this::logSummary, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stopSumming() {
    if (summing != null) {
      summing.cancel(false);
    }
    logSummary();
  }

  public void refused(String address, String reason) {
    byReason.computeIfAbsent(String.valueOf(reason), r -> new LongAdder()).increment();
    sinceStart.computeIfAbsent(String.valueOf(reason), r -> new LongAdder()).increment();
    LongAdder fromAddress = byAddress.get(String.valueOf(address));
    if (fromAddress == null && byAddress.size() >= MAX_ADDRESSES) {
      otherAddresses.increment();
      return;
    }
    byAddress.computeIfAbsent(String.valueOf(address), a -> new LongAdder()).increment();
  }

  /** The refusals since this server started, by reason. */
  public Map<String, Long> sinceStart() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    sinceStart.forEach((reason, count) -> counts.put(reason, count.sum()));
    return counts;
  }

  /** The interval's summary (null when nothing was refused), and a new interval. */
  String takeSummary() {
    Map<String, LongAdder> reasons = byReason;
    Map<String, LongAdder> addresses = byAddress;
    byReason = new ConcurrentHashMap<>();
    byAddress = new ConcurrentHashMap<>();
    long others = otherAddresses.sumThenReset();
    long total = reasons.values().stream().mapToLong(LongAdder::sum).sum();
    if (total == 0) {
      return null;
    }
    String reasonText =
        reasons.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(entry -> entry.getKey() + " " + entry.getValue().sum())
            .collect(Collectors.joining(", "));
    String addressText =
        addresses.entrySet().stream()
            .sorted(
                Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum())
                    .reversed()
                    .thenComparing(Map.Entry::getKey))
            .limit(ADDRESSES_LOGGED)
            .map(entry -> entry.getKey() + " (" + entry.getValue().sum() + ")")
            .collect(Collectors.joining(", "));
    int more = Math.max(0, addresses.size() - ADDRESSES_LOGGED);
    return total
        + " unauthenticated request(s) refused: "
        + reasonText
        + "; from "
        + addressText
        + (more > 0 ? " and " + more + " more address(es)" : "")
        + (others > 0 ? "; " + others + " from addresses beyond the first " + MAX_ADDRESSES : "");
  }

  private void logSummary() {
    String summary = takeSummary();
    if (summary != null) {
      LOG.warning(summary);
    }
  }
}
