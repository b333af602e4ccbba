package com.partner.comptappart.it;

import com.partner.comptappart.orders.entity.OrderStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Partner code as the tests deploy it beside the receiver: an in-transaction observer that fails
 * while a switch file exists, like a fulfilment system that is down and then repaired.
 */
@ApplicationScoped
public class SwitchableFulfilment {

  public static final String SWITCH = "it.fulfilment.failure-switch";

  void fulfil(@Observes OrderStored stored) {
    String path = ConfigProvider.getConfig().getOptionalValue(SWITCH, String.class).orElse(null);
    if (path != null && Files.exists(Path.of(path))) {
      throw new IllegalStateException("Fulfilment unavailable (test switch on)");
    }
  }
}
