package com.partner.comptappart.invoices.control;

import com.partner.comptappart.invoices.entity.InvoiceDocument;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fetches one invoice document under {@link InvoiceLinkPolicy}: every hop (the link and each of at
 * most 3 redirects) is checked before it is connected to, never more than the size cap is read, and
 * an attempt is cut at its total timeout whatever the server does. TLS uses the server's default
 * trust store ({@code javax.net.ssl.trustStore}). Runs on the server's managed threads: a blocking
 * {@code HttpsURLConnection} needs no threads of its own.
 */
@ApplicationScoped
public class InvoiceFetcher {

  static final int MAX_REDIRECTS = 3;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "comptappart.invoice.max-bytes", defaultValue = "20971520")
  long maxBytes;

  @Inject
  @ConfigProperty(name = "comptappart.invoice.connect-timeout-ms", defaultValue = "5000")
  int connectTimeoutMillis;

  @Inject
  @ConfigProperty(name = "comptappart.invoice.total-timeout-ms", defaultValue = "30000")
  long totalTimeoutMillis;

  private volatile InvoiceLinkPolicy policy;

  InvoiceLinkPolicy policy() {
    if (policy == null) {
      policy = InvoiceLinkPolicy.from(ConfigProvider.getConfig());
    }
    return policy;
  }

  public FetchOutcome fetch(String link) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(totalTimeoutMillis);
    String current = link;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      String refusal = policy().refusalOf(current);
      if (refusal != null) {
        return new FetchOutcome.Refused(hop == 0 ? refusal : "redirected: " + refusal);
      }
      URI uri = URI.create(current);
      try {
        refusal = policy().refusalOfAddresses(uri.getHost(), InetAddress.getAllByName(host(uri)));
      } catch (UnknownHostException unknown) {
        return new FetchOutcome.Failed("host " + uri.getHost() + " not found", false);
      }
      if (refusal != null) {
        return new FetchOutcome.Refused(refusal);
      }
      Answer answer = request(uri, deadline);
      if (answer.outcome != null) {
        return answer.outcome;
      }
      current = uri.resolve(answer.location).toString();
    }
    return new FetchOutcome.Refused("more than " + MAX_REDIRECTS + " redirects");
  }

  /** An answer: an outcome, or a redirect to follow. */
  private record Answer(FetchOutcome outcome, String location) {}

  private Answer request(URI uri, long deadline) {
    HttpsURLConnection connection;
    try {
      connection = (HttpsURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
    } catch (IOException | ClassCastException e) {
      return new Answer(new FetchOutcome.Refused("not an https URL"), null);
    }
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (remaining <= 0) {
      return new Answer(timedOut(), null);
    }
    AbortableSockets sockets = new AbortableSockets();
    connection.setSSLSocketFactory(sockets);
    // A server that trickles its answer keeps every read short: the whole attempt is cut here.
    ScheduledFuture<?> cut = scheduler.schedule(sockets::abort, remaining, TimeUnit.MILLISECONDS);
    try {
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setConnectTimeout(connectTimeoutMillis);
      connection.setReadTimeout((int) Math.min(remaining, Integer.MAX_VALUE));
      connection.setRequestProperty("Accept", "application/pdf, text/html;q=0.5");
      int status = connection.getResponseCode();
      if (status >= 300 && status < 400 && connection.getHeaderField("Location") != null) {
        return new Answer(null, connection.getHeaderField("Location"));
      }
      if (status == 200) {
        return new Answer(document(uri, connection, deadline, sockets), null);
      }
      boolean notFound = status < 500 && status != 429;
      return new Answer(new FetchOutcome.Failed("answered " + status, notFound), null);
    } catch (IOException failure) {
      return new Answer(
          System.nanoTime() - deadline >= 0
              ? timedOut()
              : new FetchOutcome.Failed(describe(failure), false),
          null);
    } finally {
      cut.cancel(false);
      connection.disconnect();
    }
  }

  private FetchOutcome document(
      URI uri, HttpURLConnection connection, long deadline, AbortableSockets sockets)
      throws IOException {
    if (connection.getContentLengthLong() > maxBytes) {
      sockets.abort();
      return tooLarge();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream body = connection.getInputStream()) {
      byte[] buffer = new byte[16384];
      for (int read; (read = body.read(buffer)) != -1; ) {
        if (System.nanoTime() - deadline >= 0) {
          sockets.abort();
          return timedOut();
        }
        if (bytes.size() + (long) read > maxBytes) {
          // Dropped before the stream is closed: a polite close would read on (AbortableSockets).
          sockets.abort();
          return tooLarge();
        }
        bytes.write(buffer, 0, read);
      }
    }
    byte[] content = bytes.toByteArray();
    String contentType = connection.getContentType();
    // Kept under the type of what it is, never the remote's (which may be any text, "/" too).
    if (InvoiceDocument.isPdf(content)) {
      return new FetchOutcome.Fetched(content, InvoiceDocument.PDF, false, uri.getHost());
    }
    if (isHtml(contentType, content)) {
      return new FetchOutcome.Fetched(
          content, InvoiceDocument.htmlType(contentType), true, uri.getHost());
    }
    return new FetchOutcome.Failed(
        "neither a PDF nor an HTML page (" + (contentType == null ? "no type" : contentType) + ")",
        true);
  }

  private FetchOutcome tooLarge() {
    return new FetchOutcome.Refused("larger than comptappart.invoice.max-bytes (" + maxBytes + ")");
  }

  private FetchOutcome timedOut() {
    return new FetchOutcome.Failed(
        "no complete answer within " + totalTimeoutMillis + " ms", false);
  }

  static boolean isHtml(String contentType, byte[] content) {
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
      return true;
    }
    String start =
        new String(content, 0, Math.min(content.length, 64), StandardCharsets.ISO_8859_1)
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    return start.startsWith("<!doctype html") || start.startsWith("<html");
  }

  /** The host to resolve: an IPv6 literal without its brackets. */
  private static String host(URI uri) {
    String host = uri.getHost();
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** What failed, without the link itself (a signed link is a credential until it expires). */
  private static String describe(IOException failure) {
    return failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + clip(failure.getMessage()));
  }

  private static String clip(String message) {
    return message.length() <= 200 ? message : message.substring(0, 200);
  }
}
