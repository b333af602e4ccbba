package com.partner.comptappart.platform.boundary;

import static com.partner.comptappart.it.Notifications.eventId;
import static com.partner.comptappart.it.WebhookClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Command;
import com.partner.comptappart.it.MicroProcess;
import com.partner.comptappart.it.Nginx;
import com.partner.comptappart.it.Notifications;
import com.partner.comptappart.it.Readiness;
import com.partner.comptappart.it.StoredOrders;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS both supported ways, on {@code server-config/staging}: nginx in front (the project's site
 * file, a throwaway certificate) terminating TLS, and Payara Micro serving TLS itself. Through the
 * proxy the receiver must record the sender's address and https, and believe forwarded headers from
 * the configured proxy only.
 */
class HttpsIT {

  /** nginx connects to Payara from this address: the one trusted proxy. */
  static final String PROXY_ADDRESS = "127.0.0.3";

  static final String KEYSTORE_PASSWORD = "it-keystore-pass";

  static final String API_KEY = "it-https-api-key-0123456789-abcdefghij";

  static final String KEYTOOL = System.getProperty("java.home") + "/bin/keytool";

  static Path work;
  static MicroProcess server;
  static Process nginx;
  static int nginxPort;
  static int undeployedNginxPort;
  static com.sun.net.httpserver.HttpServer undeployed;
  static int directHttpsPort;
  static HttpClient https;

  @BeforeAll
  static void startServerAndProxy() throws Exception {
    work =
        Files.createDirectories(Path.of(System.getProperty("it.war")).resolveSibling("it-https"));
    // The throwaway keystore ops would have, made with keytool; nginx gets the same key as PEM.
    Path keystore = work.resolve("https.p12");
    Files.deleteIfExists(keystore);
    run(
        KEYTOOL,
        "-genkeypair",
        "-alias",
        "comptappart",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        KEYSTORE_PASSWORD,
        "-keypass",
        KEYSTORE_PASSWORD);
    run(
        KEYTOOL,
        "-exportcert",
        "-rfc",
        "-alias",
        "comptappart",
        "-keystore",
        keystore.toString(),
        "-storepass",
        KEYSTORE_PASSWORD,
        "-file",
        work.resolve("cert.pem").toString());
    run(
        "openssl",
        "pkcs12",
        "-in",
        keystore.toString(),
        "-nocerts",
        "-nodes",
        "-passin",
        "pass:" + KEYSTORE_PASSWORD,
        "-out",
        work.resolve("key.pem").toString());

    // The secrets go in the alias store of Micro's root directory, as ops do it (README "Direct
    // HTTPS"): the keystore password and the API key, neither on the command line nor in the
    // environment.
    Path root = work.resolve("micro-root");
    deleteRecursively(root);
    Path aliasStore = Files.createDirectories(root.resolve("config")).resolve("domain-passwords");
    storeAlias(aliasStore, "comptappart-keystore-password", KEYSTORE_PASSWORD);
    storeAlias(aliasStore, "comptappart-api-keys", API_KEY);

    Map<String, String> environment = ProductionConfigIT.productionEnvironment();
    environment.put("COMPTAPPART_TRUSTED_PROXIES", PROXY_ADDRESS);
    environment.put("COMPTAPPART_KEYSTORE", keystore.toString());
    directHttpsPort = MicroProcess.freeTcpPort();
    List<String> options = new java.util.ArrayList<>(ProductionConfigIT.serverConfig("staging"));
    // Direct HTTPS has pre-boot commands of its own (they turn the Server header off as well).
    options.subList(0, 2).clear();
    options.addAll(
        List.of(
            "--rootdir",
            root.toString(),
            "--sslport",
            String.valueOf(directHttpsPort),
            "--prebootcommandfile",
            Path.of("server-config/micro-https/pre-boot-commands.asadmin")
                .toAbsolutePath()
                .toString()));
    server = MicroProcess.start(environment, List.of(), options);

    nginxPort = MicroProcess.freeTcpPort();
    Files.writeString(
        work.resolve("site.conf"), site(nginxPort, server.base().getPort(), "comptappart_orders"));
    // A second site in front of a server where the receiver is not deployed (starting, or being
    // redeployed): Payara answers 404 on every path, as this stand-in does.
    undeployed =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    undeployed.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    undeployed.start();
    undeployedNginxPort = MicroProcess.freeTcpPort();
    Files.writeString(
        work.resolve("site-undeployed.conf"),
        site(undeployedNginxPort, undeployed.getAddress().getPort(), "comptappart_undeployed"));
    Nginx.configure(
        work,
        "  include "
            + work.resolve("site.conf")
            + ";\n  include "
            + work.resolve("site-undeployed.conf")
            + ";");
    nginx = Nginx.start(work);
    // HTTP/1.1, as the sender speaks it (see WebhookClient).
    https =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trusting(work.resolve("cert.pem")))
            .build();
    awaitListening(nginxPort);
  }

  /** The project's nginx site, listening and forwarding where this test says. */
  static String site(int listenPort, int upstreamPort, String upstreamName) throws IOException {
    String site =
        Files.readString(Path.of("server-config/nginx/comptappart-orders.conf"))
            .replace("listen 443 ssl;", "listen 127.0.0.1:" + listenPort + " ssl;")
            .replace("/etc/ssl/partner/fullchain.pem", work.resolve("cert.pem").toString())
            .replace("/etc/ssl/partner/privkey.pem", work.resolve("key.pem").toString())
            .replace("server 127.0.0.1:8080 ", "server 127.0.0.1:" + upstreamPort + " ")
            .replace("comptappart_orders", upstreamName)
            .replace(
                "proxy_pass http://" + upstreamName + ";\n        proxy_http_version",
                "proxy_pass http://"
                    + upstreamName
                    + ";\n        proxy_bind "
                    + PROXY_ADDRESS
                    + ";\n        proxy_http_version");
    assertTrue(site.contains("proxy_bind"), "the site file changed shape");
    return site;
  }

  @Test
  void healthAndMetricsAreNotReachableThroughTheProxy() throws Exception {
    for (String path : List.of("/health/ready", "/health/live", "/metrics", "/openapi")) {
      HttpResponse<String> throughProxy =
          https.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + nginxPort + path))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(404, throughProxy.statusCode(), path + " through nginx");
      assertEquals(
          200, Readiness.of(server.base(), path).statusCode(), path + " on the server itself");
    }
  }

  @Test
  void aReceiverNotDeployedBehindTheProxyIsA503TheSenderRetries() throws Exception {
    HttpResponse<String> response =
        post(
            URI.create("https://localhost:" + undeployedNginxPort + "/api/comptappart/orders"),
            Notifications.fresh(),
            null);

    assertEquals(503, response.statusCode(), response.body());
    assertEquals("60", response.headers().firstValue("Retry-After").orElse(null));
    assertEquals("receiver_unavailable", json(response).getString("error"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (undeployed != null) {
      undeployed.stop(0);
    }
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void throughTheProxyTheSendersAddressAndHttpsAreRecorded() throws Exception {
    JsonObject order = Notifications.fresh();

    HttpResponse<String> response =
        post(URI.create("https://localhost:" + nginxPort + "/api/comptappart/orders"), order, null);

    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> stored = StoredOrders.order(eventId(order));
    assertEquals("staging", stored.get("environment"));
    assertEquals(true, stored.get("test_order"), "staging orders are test orders");
    Map<String, Object> delivery =
        StoredOrders.rows("SELECT * FROM delivery WHERE event_id = ?", eventId(order)).get(0);
    assertEquals(
        "127.0.0.1", delivery.get("client_address"), "the sender's, not nginx's " + PROXY_ADDRESS);
    assertEquals("https", delivery.get("scheme"));
  }

  @Test
  void forwardedHeadersFromAnyoneButTheProxyAreIgnored() throws Exception {
    JsonObject order = Notifications.fresh();

    HttpResponse<String> response =
        post(server.base().toURI().resolve("api/comptappart/orders"), order, "203.0.113.9");

    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> delivery =
        StoredOrders.rows("SELECT * FROM delivery WHERE event_id = ?", eventId(order)).get(0);
    assertEquals(
        "127.0.0.1",
        delivery.get("client_address"),
        "the connection's address, not the forged one");
    assertEquals("http", delivery.get("scheme"));
  }

  @Test
  void payaraServesHttpsItselfWithTheKeystoreAndKeyFromItsAliasStore() throws Exception {
    JsonObject order = Notifications.fresh();
    URI direct = URI.create("https://localhost:" + directHttpsPort + "/api/comptappart/orders");

    HttpResponse<String> withoutKey =
        https.send(
            HttpRequest.newBuilder(direct)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> response = post(direct, order, null);

    assertEquals(401, withoutKey.statusCode(), "the API key comes from the alias store");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        java.util.Optional.empty(),
        response.headers().firstValue("Server"),
        "exposed without the proxy, the server does not name itself");
    assertEquals(
        "https",
        StoredOrders.rows("SELECT scheme FROM delivery WHERE event_id = ?", eventId(order))
            .get(0)
            .get("scheme"));
  }

  static HttpResponse<String> post(URI uri, JsonObject order, String forgedForwardedFor)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("User-Agent", "ComptAppart-Webhook/1.0")
            .header("X-API-KEY", API_KEY)
            .POST(HttpRequest.BodyPublishers.ofString(order.toString()));
    if (forgedForwardedFor != null) {
      request.header("X-Forwarded-For", forgedForwardedFor).header("X-Forwarded-Proto", "https");
    }
    return https.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static SSLContext trusting(Path certificate) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      trusted.setCertificateEntry(
          "it", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** Puts a secret in a Payara alias store, the way keytool does it for ops. */
  static void storeAlias(Path aliasStore, String alias, String secret) {
    Command.Result result =
        Command.run(
            List.of(
                KEYTOOL,
                "-importpass",
                "-alias",
                alias,
                "-storetype",
                "JCEKS",
                "-keystore",
                aliasStore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit"),
            Map.of(),
            secret + "\n" + secret + "\n");
    assertEquals(0, result.exitCode(), "keytool -importpass " + alias + "\n" + result.output());
  }

  static void deleteRecursively(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (var paths = Files.walk(directory)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  static void run(String... command) {
    Command.Result result = Command.run(command);
    assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result.output());
  }

  /** Waits, bounded, until nginx accepts connections. */
  static void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (var socket = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !nginx.isAlive()) {
          throw new IllegalStateException(
              "nginx not listening: " + Files.readString(work.resolve("nginx.out")), notYet);
        }
        Thread.sleep(100);
      }
    }
  }
}
