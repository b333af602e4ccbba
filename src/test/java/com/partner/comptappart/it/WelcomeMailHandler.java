package com.partner.comptappart.it;

import com.partner.comptappart.handlers.control.StoredOrderHandler;
import com.partner.comptappart.orders.entity.CustomerOrder;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Partner code as the handler tests deploy it: a welcome mail queued after each stored order, with
 * a mail server the test controls through files in {@value #DIRECTORY}, per event id: {@code
 * calls-<event>} gets a line per call with its attempt; {@code down-<event>} holding n makes the
 * first n attempts fail; {@code hold-<event>} makes a call wait while it exists (the test kills the
 * server meanwhile). The mail, {@code mail-<event>}, is queued once whatever the attempts: written
 * only if absent, as an idempotent handler does, keyed by the event id.
 */
@ApplicationScoped
public class WelcomeMailHandler implements StoredOrderHandler {

  public static final String DIRECTORY = "it.handler.dir";

  @Override
  public String name() {
    return "welcome-mail";
  }

  @Override
  public void handle(CustomerOrder order, Call call) throws Exception {
    Path directory = Path.of(ConfigProvider.getConfig().getValue(DIRECTORY, String.class));
    String event = call.eventId();
    Files.writeString(
        directory.resolve("calls-" + event),
        call.attempt() + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    Files.writeString(directory.resolve("delivery-" + event), String.valueOf(call.deliveryId()));
    Poll.until(Duration.ofSeconds(60), () -> !Files.exists(directory.resolve("hold-" + event)));
    Path down = directory.resolve("down-" + event);
    if (Files.exists(down) && call.attempt() <= Integer.parseInt(Files.readString(down).strip())) {
      throw new IOException("mail server unavailable (test)");
    }
    try {
      Files.writeString(
          directory.resolve("mail-" + event),
          "welcome order " + order.orderId() + "\n",
          StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException queuedBefore) {
      // Queued by an earlier attempt whose success was not recorded: nothing more to do.
    }
  }
}
