import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput and latency of the order webhook, measured from outside like the sender sees it.
 * Rerun against a started receiver (see README, "Benchmark"):
 *
 * <pre>java src/bench/WebhookBenchmark.java http://localhost:8080 2000 16 [api-key]</pre>
 *
 * Sends {@code orders} distinct orders (the contract example under new event and order ids) from
 * {@code senders} threads, after 200 warm-up orders, then the same orders again (retries, answered
 * "already processed"), and prints throughput and latency percentiles of each phase.
 */
public class WebhookBenchmark {

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]).resolve("/api/comptappart/orders");
    int orders = Integer.parseInt(args[1]);
    int senders = Integer.parseInt(args[2]);
    String apiKey = args.length > 3 ? args[3] : null;
    String example =
        Files.readString(Path.of("src/test/resources/notifications/contract-2.1-example.json"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long orderIdBase = System.currentTimeMillis() % 1_000_000_000L * 1000;

    List<String> warmUp = bodies(example, 200, orderIdBase);
    List<String> bodies = bodies(example, orders, orderIdBase + 200);
    run("warm-up", http, endpoint, apiKey, warmUp, senders);
    run("new orders", http, endpoint, apiKey, bodies, senders);
    run("retries", http, endpoint, apiKey, bodies, senders);
  }

  static List<String> bodies(String example, int count, long firstOrderId) {
    List<String> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      bodies.add(
          example
              .replace("evt_3PqA9sLkT2mBv7Xc1Rz0NdWe", "evt_bench_" + UUID.randomUUID())
              .replace("\"order_id\": 1207", "\"order_id\": " + (firstOrderId + i)));
    }
    return bodies;
  }

  static void run(
      String phase, HttpClient http, URI endpoint, String apiKey, List<String> bodies, int senders)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    List<Future<long[]>> answers = new ArrayList<>();
    long start = System.nanoTime();
    for (String body : bodies) {
      answers.add(
          pool.submit(
              () -> {
                HttpRequest.Builder request =
                    HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "ComptAppart-Webhook/1.0 benchmark")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                if (apiKey != null) {
                  request.header("X-API-KEY", apiKey);
                }
                long sent = System.nanoTime();
                int status =
                    http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                return new long[] {status, System.nanoTime() - sent};
              }));
    }
    long[] micros = new long[bodies.size()];
    int ok = 0;
    for (int i = 0; i < answers.size(); i++) {
      long[] answer = answers.get(i).get();
      ok += answer[0] / 100 == 2 ? 1 : 0;
      micros[i] = answer[1] / 1000;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    Arrays.sort(micros);
    System.out.printf(
        "%-10s %5d requests, %2d senders: %5d answered 2xx, %7.1f req/s, latency ms p50 %.1f"
            + " p95 %.1f p99 %.1f max %.1f%n",
        phase,
        bodies.size(),
        Integer.valueOf(senders),
        ok,
        bodies.size() / seconds,
        percentile(micros, 50),
        percentile(micros, 95),
        percentile(micros, 99),
        micros[micros.length - 1] / 1000.0);
  }

  static double percentile(long[] sorted, int percent) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)]
        / 1000.0;
  }
}
