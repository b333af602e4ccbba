package com.partner.comptappart.it;

import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** {@code GET /health/ready} of a running server, as ops' monitoring reads it. */
public final class Readiness {

  private Readiness() {}

  public static HttpResponse<String> of(URL base) {
    return of(base, "/health/ready");
  }

  /** Another health endpoint of the server, e.g. {@code /health/live}. */
  public static HttpResponse<String> of(URL base, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(base.toURI().resolve(path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Each check of the answer as "name STATUS", e.g. "database UP". */
  public static List<String> checks(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body()))
        .readObject()
        .getJsonArray("checks")
        .stream()
        .map(check -> check.asJsonObject())
        .map(check -> check.getString("name") + " " + check.getString("status"))
        .toList();
  }
}
