package com.partner.comptappart.deliveries.control;

import com.partner.comptappart.deliveries.entity.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One server-log line per answered delivery: event id and type, outcome, status, error code and
 * duration, never a body or personal data. The values also travel as a {@code Map} parameter, which
 * Payara's JSON log formatter writes as fields of their own ({@code "eventId"}, {@code "outcome"},
 * {@code "durationMillis"} …), so that shipped logs can be searched by them.
 *
 * <p>Refusals, failures and parked events are written at INFO: they are rare and ops act on them.
 * Routine answers (stored, already processed, ping) at INFO only where {@code
 * comptappart.log-each-order} is true (the local run), FINE elsewhere: on a server the delivery log
 * is the record, and a console line per order is a lock every request queues on. Requests that fail
 * authentication get no line each: anyone can send them, they are summarised once a minute.
 */
@ApplicationScoped
public class DeliveryLines {

  private static final Logger LOG = Logger.getLogger(DeliveryLines.class.getName());

  private final Level routine;

  @Inject
  DeliveryLines(
      @ConfigProperty(name = "comptappart.log-each-order", defaultValue = "false") boolean atInfo) {
    this.routine = atInfo ? Level.INFO : Level.FINE;
  }

  /** For CDI's proxy. */
  DeliveryLines() {
    this.routine = Level.FINE;
  }

  void answered(
      String eventId,
      String eventType,
      Outcome outcome,
      int status,
      String errorCode,
      long durationMillis) {
    Level level = levelOf(outcome);
    if (level == null || !LOG.isLoggable(level)) {
      return;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("eventId", eventId);
    fields.put("eventType", eventType);
    fields.put("outcome", outcome.name());
    fields.put("statusCode", status);
    if (errorCode != null) {
      fields.put("errorCode", errorCode);
    }
    fields.put("durationMillis", durationMillis);
    // Written out here: Payara's JSON formatter does not fill in a message's {n} parameters.
    StringBuilder text =
        new StringBuilder("Delivery of ")
            .append(eventId)
            .append(" (")
            .append(eventType)
            .append("): ")
            .append(outcome.name())
            .append(", ")
            .append(status);
    if (errorCode != null) {
      text.append(' ').append(errorCode);
    }
    text.append(" in ").append(durationMillis).append(" ms");
    LogRecord line = new LogRecord(level, text.toString());
    line.setLoggerName(LOG.getName());
    // The fields' map: the JSON formatter writes each entry as a field; other formatters ignore it.
    line.setParameters(new Object[] {fields});
    LOG.log(line);
  }

  Level levelOf(Outcome outcome) {
    return switch (outcome) {
      case UNAUTHORIZED -> null;
      case REJECTED, FAILED, PARKED -> Level.INFO;
      case CREATED, ALREADY_PROCESSED, ACKNOWLEDGED -> routine;
    };
  }
}
