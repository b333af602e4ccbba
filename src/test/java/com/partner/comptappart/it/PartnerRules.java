package com.partner.comptappart.it;

import com.partner.comptappart.orders.entity.OrderStored;
import com.partner.comptappart.platform.control.RefusedForGood;
import com.partner.comptappart.platform.control.RefusedForNow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Partner code inside the order's transaction, as the tests deploy it, steered by files in {@link
 * WelcomeMailHandler#DIRECTORY} per event id: {@code not-now-<event>} refuses the order for now
 * (while the file exists), {@code refuse-<event>} refuses it for good with the file's reason code,
 * {@code property-<event>} creates the property it names in the partner's own table {@code
 * it_partner_property} once (a renewal names it again: nothing more), and {@code
 * raw-property-<event>} inserts it with a plain INSERT, which meets the table's unique key when the
 * property exists.
 */
@ApplicationScoped
public class PartnerRules {

  @PersistenceContext EntityManager em;

  void check(@Observes OrderStored stored) throws IOException {
    Path directory =
        Path.of(ConfigProvider.getConfig().getValue(WelcomeMailHandler.DIRECTORY, String.class));
    String event = stored.order().eventId();
    if (Files.exists(directory.resolve("not-now-" + event))) {
      throw new RefusedForNow(Duration.ofSeconds(2));
    }
    Path refuse = directory.resolve("refuse-" + event);
    if (Files.exists(refuse)) {
      throw new RefusedForGood(Files.readString(refuse).strip());
    }
    Path property = directory.resolve("property-" + event);
    if (Files.exists(property)) {
      String id = Files.readString(property).strip();
      // Created once: looked up first, in the order's transaction (copies of one event never race
      // here: the receiver makes them wait for each other).
      if (em.createNativeQuery("SELECT count(*) FROM it_partner_property WHERE external_id = ?")
                  .setParameter(1, id)
                  .getSingleResult()
              instanceof Number found
          && found.longValue() == 0) {
        insert(id);
      }
    }
    Path raw = directory.resolve("raw-property-" + event);
    if (Files.exists(raw)) {
      insert(Files.readString(raw).strip());
    }
  }

  private void insert(String externalId) {
    em.createNativeQuery("INSERT INTO it_partner_property (external_id) VALUES (?)")
        .setParameter(1, externalId)
        .executeUpdate();
  }
}
