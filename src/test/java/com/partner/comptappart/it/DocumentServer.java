package com.partner.comptappart.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The sender's document store as the tests need it: an HTTPS server on loopback (certificate for
 * {@code localhost}, trusted by the test servers through {@code javax.net.ssl.trustStore}) whose
 * answer to each path a test scripts, counting the requests per path; and a trap, a plain port that
 * counts every connection made to it, for links that must never be connected to.
 */
public final class DocumentServer implements AutoCloseable {

  /** One scripted answer to a request. */
  @FunctionalInterface
  public interface Reply {
    void answer(HttpExchange exchange) throws IOException;
  }

  private static final String PASSWORD = "it-documents";
  private static volatile Path trustStore;

  private final int port;
  private HttpsServer server;
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final ServerSocket trap;
  private final AtomicInteger trapped = new AtomicInteger();
  private final AtomicLong bytesWritten = new AtomicLong();

  private DocumentServer(int port) throws IOException {
    this.port = port;
    this.trap = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread catcher =
        new Thread(
            () -> {
              while (!trap.isClosed()) {
                try (Socket caught = trap.accept()) {
                  trapped.incrementAndGet();
                } catch (IOException closed) {
                  // closed by the test
                }
              }
            },
            "document-trap");
    catcher.setDaemon(true);
    catcher.start();
  }

  /** A server on a free port, listening at once. */
  public static DocumentServer start() throws IOException {
    DocumentServer documents = new DocumentServer(MicroProcess.freeTcpPort());
    documents.listen();
    return documents;
  }

  /**
   * A server on a free port that does not listen yet: its links are refused until {@link #listen}.
   */
  public static DocumentServer down() throws IOException {
    return new DocumentServer(MicroProcess.freeTcpPort());
  }

  public synchronized void listen() throws IOException {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.setHttpsConfigurator(new HttpsConfigurator(sslContext()));
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          Reply reply = replies.getOrDefault(path, notFound());
          try {
            reply.answer(exchange);
          } catch (IOException gone) {
            // the receiver hung up (size cap, timeout): what the test checks
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  public void on(String path, Reply reply) {
    replies.put(path, reply);
  }

  /** {@code https://localhost:<port><path>}: a link the test servers allow. */
  public String link(String path) {
    return "https://localhost:" + port + path;
  }

  public int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  /** The port of the trap: every connection to it is counted. */
  public int trapPort() {
    return trap.getLocalPort();
  }

  public int trappedConnections() {
    return trapped.get();
  }

  public long bytesWritten() {
    return bytesWritten.get();
  }

  // Scripted answers.

  public static Reply document(int status, String contentType, byte[] body) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    };
  }

  public static Reply status(int status) {
    return document(status, "text/plain", new byte[0]);
  }

  public static Reply redirect(String location) {
    return exchange -> {
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(302, -1);
    };
  }

  public static Reply notFound() {
    return status(404);
  }

  /** Streams zeros after a PDF signature, without a length, until the reader hangs up. */
  public Reply endless() {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/pdf");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write("%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] chunk = new byte[65536];
      while (true) {
        out.write(chunk);
        bytesWritten.addAndGet(chunk.length);
      }
    };
  }

  /** Sends its answer one byte a second, for ever. */
  public static Reply trickle() {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/pdf");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      while (true) {
        out.write('%');
        out.flush();
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    };
  }

  /** The answers in turn, the last one repeated. */
  public static Reply inTurn(Reply... answers) {
    AtomicInteger next = new AtomicInteger();
    return exchange ->
        answers[Math.min(next.getAndIncrement(), answers.length - 1)].answer(exchange);
  }

  /**
   * JVM options that make a test server trust this server's certificate (the standard {@code
   * javax.net.ssl.trustStore} mechanism, as ops would add a private CA).
   */
  public static String[] trustOptions() {
    Path store = trustStore();
    return new String[] {
      "-Djavax.net.ssl.trustStore=" + store,
      "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
      "-Djavax.net.ssl.trustStoreType=PKCS12"
    };
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (server != null) {
        server.stop(0);
      }
    }
    trap.close();
  }

  private static SSLContext sslContext() {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(keyStore())) {
        keys.load(in, PASSWORD.toCharArray());
      }
      KeyManagerFactory managers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path directory() {
    return Path.of(System.getProperty("it.war")).resolveSibling("it-documents");
  }

  private static Path keyStore() {
    trustStore();
    return directory().resolve("server.p12");
  }

  /**
   * Made once per build with keytool: the server's key pair and a trust store of its certificate.
   * Both test JVMs may ask at the same moment: each makes the pair in a directory of its own and
   * renames it into place, and the one that finds it there first uses the other's.
   */
  private static synchronized Path trustStore() {
    if (trustStore != null) {
      return trustStore;
    }
    try {
      Path dir = directory();
      if (!Files.exists(dir.resolve("trust.p12"))) {
        Path made = Files.createTempDirectory(dir.getParent(), "it-documents-");
        makeKeysIn(made);
        try {
          Files.move(made, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException madeByTheOtherJvm) {
          if (!Files.exists(dir.resolve("trust.p12"))) {
            throw madeByTheOtherJvm;
          }
          for (String file : List.of("server.p12", "server.cer", "trust.p12")) {
            Files.deleteIfExists(made.resolve(file));
          }
          Files.delete(made);
        }
      }
      trustStore = dir.resolve("trust.p12");
      return trustStore;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void makeKeysIn(Path dir) {
    Path keys = dir.resolve("server.p12");
    Path cert = dir.resolve("server.cer");
    keytool(
        "-genkeypair",
        keys,
        "-storetype",
        "PKCS12",
        "-keypass",
        PASSWORD,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        // Ten years: a build's target/ outlives a month (the suite failed 30 days after a build).
        "-validity",
        "3650",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1,ip:::1");
    keytool("-exportcert", keys, "-file", cert.toString());
    keytool(
        "-importcert",
        dir.resolve("trust.p12"),
        "-noprompt",
        "-storetype",
        "PKCS12",
        "-file",
        cert.toString());
  }

  /** keytool's command on a store of ours, on the entry "documents". */
  private static void keytool(String command, Path store, String... options) {
    List<String> line =
        new ArrayList<>(
            List.of(
                System.getProperty("java.home") + "/bin/keytool",
                command,
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-alias",
                "documents"));
    line.addAll(List.of(options));
    check(Command.run(line.toArray(String[]::new)));
  }

  private static void check(Command.Result result) {
    if (result.exitCode() != 0) {
      throw new IllegalStateException("keytool failed:\n" + result.output());
    }
  }
}
