package com.partner.comptappart.webhook.boundary;

import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.webhook.control.ApiKeys;
import com.partner.comptappart.webhook.control.NotificationReader;
import com.partner.comptappart.webhook.control.NotificationReader.BoundedBody;
import com.partner.comptappart.webhook.control.NotificationReader.Reception;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Receives a notification's body without holding a thread while its bytes are on their way, and
 * cuts it at {@code comptappart.body-read-seconds} whatever the client does (sends slowly, or sends
 * nothing more): a key holder cannot hold request threads, and real senders are never starved by
 * bodies that do not arrive. The request then goes on to JAX-RS with the body as received, or with
 * the reason it was not (408, 400), which the webhook answers and records like any refusal.
 *
 * <p>A request without an accepted API key is passed on unread: JAX-RS refuses it with 401 at once.
 */
@WebFilter(
    urlPatterns = "/api/comptappart/orders",
    asyncSupported = true,
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class BodyReceiver extends HttpFilter {

  private static final String RECEIVED = BodyReceiver.class.getName();
  private static final Logger LOG = Logger.getLogger(BodyReceiver.class.getName());

  @Inject NotificationReader reader;
  @Inject ApiKeys apiKeys;

  /** A body received whole (or cut at the size limit), or why it was not; and when it started. */
  record Received(Instant at, long nanos, BoundedBody body, RejectedRequest failure) {}

  /** What this filter received for the request; null when it did not read its body. */
  static Received of(HttpServletRequest request) {
    return (Received) request.getAttribute(RECEIVED);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Received received = of(request);
    if (received != null) {
      if (received.failure() != null) {
        // What the client still sends is never read: the connection ends with the answer.
        response.setHeader("Connection", "close");
      }
      chain.doFilter(new ReceivedRequest(request, received), response);
      return;
    }
    if (!"POST".equals(request.getMethod())
        || (apiKeys.isEnabled() && !apiKeys.accepts(request.getHeader(ApiKeyFilter.HEADER)))) {
      chain.doFilter(request, response);
      return;
    }
    Instant at = Instant.now();
    long nanos = System.nanoTime();
    ServletInputStream input = request.getInputStream();
    long length = request.getContentLengthLong();
    if (length >= 0 && length <= reader.maxBodyBytes() && input.available() >= length) {
      // The whole body is here already, as a sender's small body is, in the packets of its
      // headers: taken at once, without waiting and without an asynchronous round (which costs a
      // dispatch to another thread: about a sixth of the throughput, src/bench/ab.sh).
      Reception reception = reader.reception();
      byte[] buffer = new byte[(int) Math.min(Math.max(length, 1), 64 * 1024)];
      long left = length;
      while (left > 0) {
        int read = input.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          break;
        }
        reception.take(buffer, read);
        left -= read;
      }
      Received whole = new Received(at, nanos, reception.body(), null);
      request.setAttribute(RECEIVED, whole);
      chain.doFilter(new ReceivedRequest(request, whole), response);
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(reader.readMillis());
    Receiving receiving = new Receiving(async, input, at, nanos);
    async.addListener(receiving);
    input.setReadListener(receiving);
  }

  /** Takes the bytes as they arrive, then hands the request on, once, when it is settled. */
  private final class Receiving implements ReadListener, AsyncListener {
    private final AsyncContext async;
    private final ServletInputStream input;
    private final Instant at;
    private final long nanos;
    private final Reception reception = reader.reception();
    private final byte[] buffer = new byte[16 * 1024];
    private final AtomicBoolean settled = new AtomicBoolean();

    Receiving(AsyncContext async, ServletInputStream input, Instant at, long nanos) {
      this.async = async;
      this.input = input;
      this.at = at;
      this.nanos = nanos;
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (!settled.get() && input.isReady()) {
        int read = input.read(buffer);
        if (read < 0) {
          return; // onAllDataRead follows
        }
        if (!reception.take(buffer, read)) {
          settle(reception.body(), null); // oversized past the discard allowance: not read on
          return;
        }
      }
    }

    @Override
    public void onAllDataRead() {
      settle(reception.body(), null);
    }

    @Override
    public void onError(Throwable aborted) {
      settle(null, reader.incomplete(reception.size(), aborted));
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      if (!settle(null, reader.timedOut(reception.size()))) {
        // Settled before, and yet the container waited until the deadline: the dispatch asked for
        // then never happened (seen under load on Payara Micro 6, where the container then answered
        // 500 from its error page at the deadline). The request goes on now with what was received.
        LOG.warning(
            () ->
                "A delivery's body was received but its request not resumed; resumed at the"
                    + " deadline ("
                    + reader.readMillis()
                    + " ms)");
        async.dispatch();
      }
    }

    @Override
    public void onError(AsyncEvent event) {
      onError(event.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}

    /** Hands the request on, the first time only; false when it was settled before. */
    private boolean settle(BoundedBody body, RejectedRequest failure) {
      if (settled.compareAndSet(false, true)) {
        async.getRequest().setAttribute(RECEIVED, new Received(at, nanos, body, failure));
        async.dispatch();
        return true;
      }
      return false;
    }
  }

  /** The request as sent, its body the bytes received. */
  private static final class ReceivedRequest extends HttpServletRequestWrapper {
    private final ByteArrayInputStream body;

    ReceivedRequest(HttpServletRequest request, Received received) {
      super(request);
      this.body =
          new ByteArrayInputStream(received.body() == null ? new byte[0] : received.body().bytes());
    }

    @Override
    public ServletInputStream getInputStream() {
      return new ServletInputStream() {
        @Override
        public int read() {
          return body.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
          return body.read(bytes, offset, length);
        }

        @Override
        public boolean isFinished() {
          return body.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was received already");
        }
      };
    }
  }
}
