package com.partner.comptappart.it;

import com.partner.comptappart.orders.entity.OrderStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Partner code as the tests deploy it beside the receiver: an in-transaction observer that fails
 * while a switch file exists, like a fulfilment system that is down and then repaired, and an
 * after-commit observer that leaves a file named by each stored event's id, as provisioning would.
 *
 * <p>The in-transaction observer also holds an order inside its transaction (inserted and flushed,
 * not committed) while a {@link FulfilmentGate} says so, as slow partner code would: the tests race
 * copies against it.
 */
@ApplicationScoped
public class SwitchableFulfilment {

  public static final String SWITCH = "it.fulfilment.failure-switch";
  public static final String PROVISIONED = "it.fulfilment.provisioned-dir";
  public static final String GATE = "it.fulfilment.gate-dir";

  void fulfil(@Observes OrderStored stored) throws IOException {
    String eventId = stored.order().eventId();
    FulfilmentGate gate =
        ConfigProvider.getConfig()
            .getOptionalValue(GATE, String.class)
            .map(dir -> new FulfilmentGate(Path.of(dir)))
            .orElse(null);
    if (gate != null) {
      gate.passThrough(eventId, Duration.ofSeconds(60));
    }
    String path = ConfigProvider.getConfig().getOptionalValue(SWITCH, String.class).orElse(null);
    if (path != null && Files.exists(Path.of(path))) {
      throw new IllegalStateException("Fulfilment unavailable (test switch on)");
    }
    if (gate != null && gate.failsOnce(eventId)) {
      throw new IllegalStateException("Fulfilment failed for this order (test gate)");
    }
  }

  void provision(@ObservesAsync OrderStored stored) throws IOException {
    Path directory = Path.of(ConfigProvider.getConfig().getValue(PROVISIONED, String.class));
    Files.createDirectories(directory);
    Files.writeString(directory.resolve(stored.order().eventId()), stored.order().eventType());
  }
}
