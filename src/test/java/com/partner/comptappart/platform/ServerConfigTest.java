package com.partner.comptappart.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Staging is production with test payments: the same server commands, line for line, but for its
 * name and production's refusal to run open. What production's commands do on a real server
 * (refusing to deploy without their aliases, among others) is proven once, by ProductionConfigIT;
 * this holds staging to the same lines without booting it.
 */
class ServerConfigTest {

  @Test
  void stagingRunsProductionsCommandsButForItsNameAndTheRefusalToRunOpen() throws IOException {
    List<String> production =
        commands("production").stream()
            .filter(line -> !line.contains("comptappart.require-api-key"))
            .map(line -> line.replace("--propertyValue=production", "--propertyValue=staging"))
            .toList();

    assertEquals(production, commands("staging"));
  }

  /** The commands of an environment, comments and blank lines left out. */
  static List<String> commands(String environment) throws IOException {
    return Files.readAllLines(Path.of("server-config", environment, "commands.asadmin")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
  }
}
