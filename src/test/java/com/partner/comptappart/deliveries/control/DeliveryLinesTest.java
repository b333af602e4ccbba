package com.partner.comptappart.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partner.comptappart.deliveries.entity.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryLinesTest {

  final Logger logger = Logger.getLogger(DeliveryLines.class.getName());
  final List<LogRecord> records = new ArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
    logger.setLevel(Level.ALL);
  }

  @AfterEach
  void stop() {
    logger.removeHandler(capture);
    logger.setLevel(null);
  }

  @Test
  void aRefusalIsOneInfoLineWhoseValuesAreFieldsForTheJsonFormatter() {
    new DeliveryLines(false)
        .answered("evt_1", "order.created", Outcome.REJECTED, 400, "invalid_notification", 7);

    assertEquals(1, records.size());
    LogRecord line = records.get(0);
    assertEquals(Level.INFO, line.getLevel());
    assertEquals(
        "Delivery of evt_1 (order.created): REJECTED, 400 invalid_notification in 7 ms",
        line.getMessage());
    assertEquals(
        Map.of(
            "eventId", "evt_1",
            "eventType", "order.created",
            "outcome", "REJECTED",
            "statusCode", 400,
            "errorCode", "invalid_notification",
            "durationMillis", 7L),
        line.getParameters()[0]);
  }

  @Test
  void routineAnswersAreFineOnServersAndInfoInTheLocalRun() {
    new DeliveryLines(false).answered("evt_2", "order.created", Outcome.CREATED, 200, null, 3);
    new DeliveryLines(true).answered("evt_3", "order.created", Outcome.CREATED, 200, null, 3);

    assertEquals(
        List.of(Level.FINE, Level.INFO), records.stream().map(LogRecord::getLevel).toList());
    assertEquals(
        "Delivery of evt_2 (order.created): CREATED, 200 in 3 ms", records.get(0).getMessage());
  }

  @Test
  void requestsRefusedForTheirCredentialsGetNoLineEach() {
    new DeliveryLines(true).answered(null, null, Outcome.UNAUTHORIZED, 401, "invalid_api_key", 1);

    assertEquals(List.of(), records);
  }
}
