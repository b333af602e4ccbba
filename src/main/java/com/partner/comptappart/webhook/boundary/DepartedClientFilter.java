package com.partner.comptappart.webhook.boundary;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * A client that went away before its answer (an aborted upload, a sender that timed out) is one
 * FINE line, not the stack traces JAX-RS and the container log when they write to a closed
 * connection. The delivery is recorded all the same: the answer is decided before it is written.
 */
// Asynchronous and on async dispatches too: BodyReceiver hands a request on that way.
@WebFilter(
    urlPatterns = "/api/comptappart/*",
    asyncSupported = true,
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class DepartedClientFilter extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(DepartedClientFilter.class.getName());

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, new AnswerToDepartedClient(response));
  }

  private static final class AnswerToDepartedClient extends HttpServletResponseWrapper {
    private ServletOutputStream output;

    AnswerToDepartedClient(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (output == null) {
        output = new QuietOutput(super.getOutputStream());
      }
      return output;
    }
  }

  /** Drops what cannot be written any more once the connection is closed. */
  private static final class QuietOutput extends ServletOutputStream {
    private final ServletOutputStream connection;
    private boolean departed;

    QuietOutput(ServletOutputStream connection) {
      this.connection = connection;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (!departed) {
        try {
          connection.write(bytes, offset, length);
        } catch (IOException closed) {
          departed(closed);
        }
      }
    }

    @Override
    public void flush() throws IOException {
      if (!departed) {
        try {
          connection.flush();
        } catch (IOException closed) {
          departed(closed);
        }
      }
    }

    @Override
    public void close() throws IOException {
      try {
        connection.close();
      } catch (IOException closed) {
        departed(closed);
      }
    }

    private void departed(IOException closed) {
      if (!departed) {
        departed = true;
        LOG.fine(() -> "Client gone before its answer was written: " + closed.getMessage());
      }
    }

    @Override
    public boolean isReady() {
      return connection.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      connection.setWriteListener(listener);
    }
  }
}
