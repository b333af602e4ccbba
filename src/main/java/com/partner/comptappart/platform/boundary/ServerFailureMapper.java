package com.partner.comptappart.platform.boundary;

import com.partner.comptappart.platform.control.Causes;
import com.partner.comptappart.platform.control.DatabaseOutage;
import com.partner.comptappart.platform.control.RefusedForGood;
import com.partner.comptappart.platform.control.RefusedForNow;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
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
    // Partner code's answers, from inside the order's transaction, however they were wrapped.
    RefusedForGood refused = Causes.find(failure, RefusedForGood.class);
    if (refused != null) {
      LOG.info(() -> "An order was refused for good by partner code: " + refused.code());
      return ErrorResponse.of(refused.rejection(), refused.getMessage(), List.of());
    }
    RefusedForNow notNow = Causes.find(failure, RefusedForNow.class);
    if (notNow != null) {
      LOG.info(
          () ->
              "An order was refused for now by partner code; the sender retries after "
                  + notNow.retryAfter().toSeconds()
                  + " s");
      Response answer =
          ErrorResponse.of(
              503, "refused_for_now", "The order cannot be taken now; retry later.", List.of());
      answer.getHeaders().add("Retry-After", String.valueOf(notNow.retryAfter().toSeconds()));
      return answer;
    }
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
    // The chain without the database's messages: they carry values (PostgreSQL's "Detail: Key
    // (...)=(...) already exists"), and a partner's key may be personal data.
    LOG.severe(() -> "Unexpected failure, answered 500: " + withoutDatabaseMessages(failure));
    return ErrorResponse.of(
        500, "internal_error", "The order could not be processed; retry later.", List.of());
  }

  /**
   * Each exception of the chain with its message, but for the database's own (SQL exceptions, and
   * the persistence exceptions that quote them): their type and SQL state only. Then where it was
   * thrown, the root cause's first frames.
   */
  static String withoutDatabaseMessages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    Throwable root = failure;
    for (Throwable cause : Causes.of(failure)) {
      root = cause;
      text.append(text.length() == 0 ? "" : " <- ").append(cause.getClass().getName());
      if (cause instanceof java.sql.SQLException sql) {
        text.append(" (SQL state ").append(sql.getSQLState()).append(')');
      } else if (!quotesTheDatabase(cause)) {
        text.append(": ").append(cause.getMessage());
      }
    }
    StackTraceElement[] frames = root.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, 8); i++) {
      text.append("\n\tat ").append(frames[i]);
    }
    return text.toString();
  }

  private static boolean quotesTheDatabase(Throwable cause) {
    String type = cause.getClass().getName();
    return type.startsWith("org.eclipse.persistence.exceptions")
        || type.startsWith("jakarta.persistence")
        || type.startsWith("jakarta.transaction")
        || type.startsWith("org.postgresql")
        || type.startsWith("org.h2");
  }

  /** The root cause only: enough for ops, and free of the bound values a query carried. */
  private static String summary(Throwable failure) {
    List<Throwable> chain = Causes.of(failure);
    Throwable root = chain.get(chain.size() - 1);
    return root.getClass().getName() + ": " + root.getMessage();
  }
}
