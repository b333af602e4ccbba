package com.partner.comptappart.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The ops API as an ops user calls it: BASIC credentials of the role ops, HTTP/1.1. */
public final class OpsClient {

  private final URL base;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public OpsClient(URL base) {
    this.base = base;
  }

  public HttpResponse<byte[]> get(String path) {
    return send(request(path).GET());
  }

  /** A state-changing call, with the header a browser on another site cannot send. */
  public HttpResponse<byte[]> post(String path) {
    return send(
        request(path).header("X-Requested-By", "it-ops").POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** A state-changing call with a JSON body. */
  public HttpResponse<byte[]> post(String path, String json) {
    return send(
        request(path)
            .header("X-Requested-By", "it-ops")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  public static jakarta.json.JsonStructure json(HttpResponse<byte[]> response) {
    try (var reader =
        jakarta.json.Json.createReader(new java.io.ByteArrayInputStream(response.body()))) {
      return reader.read();
    }
  }

  private HttpRequest.Builder request(String path) {
    try {
      return HttpRequest.newBuilder(base.toURI().resolve(path))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", OpsRealm.basic(OpsRealm.USER, OpsRealm.PASSWORD));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
