package com.partner.comptappart.platform.boundary;

import com.partner.comptappart.platform.control.DatabaseOutage;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything that went wrong on our side. Never a 4xx: the sender gives up on a 4xx and the order is
 * lost. An unreachable database is 503 with Retry-After, anything else 500; both are retried.
 */
@Provider
public class ServerFailureMapper implements ExceptionMapper<Throwable> {

  static final String RETRY_AFTER_SECONDS = "60";
  private static final Logger LOG = Logger.getLogger(ServerFailureMapper.class.getName());

  @Override
  public Response toResponse(Throwable failure) {
    if (DatabaseOutage.isCauseOf(failure)) {
      LOG.warning(() -> "Database unavailable, answered 503: " + summary(failure));
      Response answer =
          ErrorResponse.of(
              503,
              "database_unavailable",
              "The order database is unavailable; retry later.",
              List.of());
      answer.getHeaders().add("Retry-After", RETRY_AFTER_SECONDS);
      return answer;
    }
    LOG.log(Level.SEVERE, "Unexpected failure, answered 500", failure);
    return ErrorResponse.of(
        500, "internal_error", "The order could not be processed; retry later.", List.of());
  }

  /** The root cause only: enough for ops, and free of the bound values a query carried. */
  private static String summary(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getName() + ": " + root.getMessage();
  }
}
