package com.partner.comptappart.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts to the receiver the way ComptAppart's notifier does, over real HTTP. */
public final class WebhookClient {

  public static final String PATH = "api/comptappart/orders";

  /**
   * HTTP/1.1, as the sender speaks it. Left to its default, the JDK client offers an h2c upgrade on
   * its first request and holds every other request to the host until that one is answered: a copy
   * sent while a first attempt is held in the server never left the client.
   */
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final URI endpoint;
  private final String apiKey;

  public WebhookClient(URL base, String apiKey) {
    try {
      this.endpoint = base.toURI().resolve(PATH);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
    this.apiKey = apiKey;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The X-API-KEY it sends; null: none. */
  public String apiKey() {
    return apiKey;
  }

  /** POSTs a JSON text as the sender does: JSON content type, its user agent and the API key. */
  public HttpResponse<String> post(String json) {
    return post(json.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> post(byte[] body) {
    return send(request().POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** POSTs as the sender does once it signs: {@code X-Qlower-Signature} with this secret, now. */
  public HttpResponse<String> postSigned(String json, String secret) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return send(
        request()
            .header(
                "X-Qlower-Signature",
                SenderSignature.header(secret, java.time.Instant.now().getEpochSecond(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A request as the sender builds it, to be adjusted by a test. */
  public HttpRequest.Builder request() {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("User-Agent", "ComptAppart-Webhook/1.0");
    if (apiKey != null) {
      request.header("X-API-KEY", apiKey);
    }
    return request;
  }

  /** An answer's body as the JSON object the contract says it is. */
  public static jakarta.json.JsonObject json(HttpResponse<String> response) {
    try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(response.body()))) {
      return reader.readObject();
    }
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
