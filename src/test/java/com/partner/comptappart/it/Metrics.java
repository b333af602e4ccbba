package com.partner.comptappart.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The receiver's series in {@code /metrics?scope=application}, read as Prometheus scrapes them. */
public final class Metrics {

  private final String text;

  private Metrics(String text) {
    this.text = text;
  }

  public static Metrics of(URL base) {
    try {
      URI uri = base.toURI().resolve("/metrics?scope=application");
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("/metrics answered " + response.statusCode());
      }
      return new Metrics(response.body());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The value of the one series with this name and these labels (a regex of label pairs, or empty);
   * fails when the series is missing, so that a renamed metric cannot pass as 0.
   */
  public double value(String name, String labels) {
    String labelPart = labels.isEmpty() ? "(\\{[^}]*})?" : "\\{[^}]*" + labels + "[^}]*}";
    Matcher series =
        Pattern.compile("(?m)^" + Pattern.quote(name) + labelPart + " (\\S+)$").matcher(text);
    if (!series.find()) {
      throw new AssertionError(name + "{" + labels + "} missing from the metrics:\n" + text);
    }
    return Double.parseDouble(series.group(series.groupCount()));
  }

  public double value(String name) {
    return value(name, "");
  }

  /** Every series of a name by the value of one label, e.g. deliveries by outcome. */
  public Map<String, Double> byLabel(String name, String label) {
    Matcher series =
        Pattern.compile(
                "(?m)^" + Pattern.quote(name) + "\\{[^}]*" + label + "=\"([^\"]+)\"[^}]*} (\\S+)$")
            .matcher(text);
    Map<String, Double> values = new TreeMap<>();
    while (series.find()) {
      values.put(series.group(1), Double.parseDouble(series.group(2)));
    }
    if (values.isEmpty()) {
      throw new AssertionError(name + " by " + label + " missing from the metrics:\n" + text);
    }
    return values;
  }

  /** The deliveries counted so far by outcome ({@code comptappart_deliveries_total}). */
  public static Map<String, Double> deliveries(URL base) {
    return of(base).byLabel("comptappart_deliveries_total", "outcome");
  }
}
