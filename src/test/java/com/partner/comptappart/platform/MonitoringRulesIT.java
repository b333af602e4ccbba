package com.partner.comptappart.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.it.Command;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The ops' Prometheus alerting rules ({@code server-config/monitoring/}) are valid, and fire on
 * sample series exactly as {@code alerts-test.yml} says: promtool (Debian's {@code prometheus}
 * package) checks and tests them.
 */
class MonitoringRulesIT {

  static final Path RULES = Path.of("server-config/monitoring").toAbsolutePath();

  @Test
  void theAlertingRulesAreValidAndFireOnTheSampleSeries() {
    Command.Result checked =
        Command.run(
            "promtool", "check", "rules", RULES.resolve("comptappart-alerts.yml").toString());
    assertEquals(0, checked.exitCode(), checked.output());
    long rules;
    try {
      rules =
          java.nio.file.Files.readAllLines(RULES.resolve("comptappart-alerts.yml")).stream()
              .filter(line -> line.strip().startsWith("- alert:"))
              .count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertTrue(checked.output().contains("SUCCESS: " + rules + " rules found"), checked.output());

    Command.Result tested =
        Command.run("promtool", "test", "rules", RULES.resolve("alerts-test.yml").toString());

    assertEquals(0, tested.exitCode(), tested.output());
    assertTrue(tested.output().contains("SUCCESS"), tested.output());
  }
}
