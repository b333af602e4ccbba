package com.partner.comptappart.personaldata.control;

import com.partner.comptappart.deliveries.entity.Delivery;
import com.partner.comptappart.invoices.entity.InvoiceDocument;
import com.partner.comptappart.orders.entity.Customer;
import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.personaldata.entity.Erasure;
import com.partner.comptappart.platform.control.IdBlocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;

/**
 * A buyer's personal data, found by e-mail: erased on request (in one transaction: every order of
 * the buyer, the bodies of their deliveries, and refused deliveries whose body holds the e-mail),
 * or collected for a subject access request. What accounting must keep stays: event and order ids,
 * amounts, currency, dates, products, the invoice number and the archived invoice document.
 */
@ApplicationScoped
public class PersonalData {

  private static final Logger LOG = Logger.getLogger(PersonalData.class.getName());

  /**
   * Delivery bodies that may hold the e-mail, whatever their event (refused ones may have none):
   * the bytes searched as text, lower-cased, or any body with an escape or a byte outside ASCII
   * (which {@code ENCODE(…, 'escape')} shows as a backslash), where only decoding tells. {@link
   * BuyerMention} then decides on each. In batches, in order of id.
   */
  private static final String DELIVERIES_THAT_MAY_HOLD =
      "SELECT id, body FROM delivery WHERE body IS NOT NULL AND id > ?"
          + " AND (POSITION(? IN LOWER(ENCODE(body, 'escape'))) > 0"
          + " OR POSITION('\\' IN ENCODE(body, 'escape')) > 0)"
          + " ORDER BY id LIMIT 500";

  @PersistenceContext EntityManager em;

  @Inject Config config;
  @Inject IdBlocks ids;

  String salt;

  /** Read once: a salt production cannot use fails the deployment, by name. */
  void checkAtDeployment(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
    HashSalt configured = HashSalt.from(config);
    if (configured.builtIn()) {
      LOG.warning(
          HashSalt.PROPERTY
              + " is not configured: erasure records hash e-mails with the built-in salt."
              + " Configure one of this environment's own before the first erasure.");
    }
    salt = configured.value();
  }

  Clock clock = Clock.systemUTC();

  /**
   * Erases the buyer with this e-mail, in every order or in one ({@code orderId}); idempotent.
   *
   * @param by the ops user who asked
   */
  @Transactional
  public ErasureResult erase(String email, Long orderId, String by) {
    String buyer = normalised(email);
    Instant now = clock.instant();
    int orders = 0;
    Map<Long, Delivery> deliveries = new LinkedHashMap<>();
    for (CustomerOrder order : ordersOf(buyer)) {
      if (orderId != null && order.orderId() != orderId) {
        continue;
      }
      // Names, e-mail and phone become the marker, the raw body goes; ids, amounts, dates,
      // products and the invoice stay (accounting records).
      em.createNamedQuery(CustomerOrder.ERASE_PERSONAL_DATA)
          .setParameter("marker", Customer.ERASED)
          .setParameter("now", now)
          .setParameter("id", order.id())
          .executeUpdate();
      order.eraseCustomFieldValues(keptFieldKeys());
      em.createNamedQuery(InvoiceDocument.FORGET_SUGGESTED_NAME)
          .setParameter("eventId", order.eventId())
          .executeUpdate();
      orders++;
      deliveriesOfEvent(order.eventId()).forEach(d -> deliveries.put(d.id(), d));
    }
    if (orderId == null) {
      deliveriesHolding(buyer).forEach(d -> deliveries.put(d.id(), d));
    }
    int bodies = 0;
    for (Delivery delivery : deliveries.values()) {
      if (delivery.body() != null) {
        delivery.purgeBody(now);
        bodies++;
      }
    }
    String hash = hashOf(buyer);
    List<Erasure> earlier =
        em.createNamedQuery(Erasure.WITH_HASH, Erasure.class)
            .setParameter("hash", hash)
            .getResultList();
    if (orders == 0 && bodies == 0) {
      return earlier.isEmpty()
          ? new ErasureResult("nothing_held", 0, 0, null)
          : new ErasureResult("already_erased", 0, 0, earlier.get(0).erasedAt());
    }
    Erasure erasure = new Erasure(now, by, hash, orderId, orders, bodies);
    erasure.identify(ids::next);
    em.persist(erasure);
    LOG.info(
        () ->
            "Personal data erased at the request of "
                + by
                + ": "
                + erasure.ordersErased()
                + " order(s), "
                + erasure.deliveryBodiesRemoved()
                + " delivery bod(ies)");
    return new ErasureResult(
        "erased", orders, bodies, earlier.isEmpty() ? now : earlier.get(0).erasedAt());
  }

  /** Every stored order of the buyer and every delivery whose body concerns them. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public HeldData heldAbout(String email) {
    String buyer = normalised(email);
    List<CustomerOrder> orders = ordersOf(buyer);
    Map<Long, Delivery> deliveries = new LinkedHashMap<>();
    for (CustomerOrder order : orders) {
      deliveriesOfEvent(order.eventId()).forEach(d -> deliveries.put(d.id(), d));
    }
    deliveriesHolding(buyer).forEach(d -> deliveries.put(d.id(), d));
    return new HeldData(orders, List.copyOf(deliveries.values()));
  }

  /** What is held about one buyer. */
  public record HeldData(List<CustomerOrder> orders, List<Delivery> deliveries) {}

  private List<CustomerOrder> ordersOf(String buyer) {
    return em.createNamedQuery(CustomerOrder.WITH_EMAIL, CustomerOrder.class)
        .setParameter("email", buyer)
        .setParameter("decomposed", Normalizer.normalize(buyer, Normalizer.Form.NFD))
        .getResultList();
  }

  private List<Delivery> deliveriesOfEvent(String eventId) {
    return em.createNamedQuery(Delivery.OF_EVENT, Delivery.class)
        .setParameter("eventId", eventId)
        .getResultList();
  }

  @SuppressWarnings("unchecked")
  private List<Delivery> deliveriesHolding(String buyer) {
    List<Long> holding = new ArrayList<>();
    long after = 0;
    List<Object[]> batch;
    do {
      batch =
          em.createNativeQuery(DELIVERIES_THAT_MAY_HOLD)
              .setParameter(1, after)
              .setParameter(2, buyer)
              .getResultList();
      for (Object[] row : batch) {
        after = ((Number) row[0]).longValue();
        if (BuyerMention.in((byte[]) row[1], buyer)) {
          holding.add(after);
        }
      }
    } while (!batch.isEmpty());
    return holding.stream().map(id -> em.find(Delivery.class, id)).toList();
  }

  /** Custom fields whose values accounting keeps through an erasure (their keys). */
  private java.util.Set<String> keptFieldKeys() {
    // Read through Config: Payara cannot inject an Optional<List<String>> property.
    return config
        .getOptionalValues("comptappart.erasure.kept-fields", String.class)
        .orElse(List.of())
        .stream()
        .map(String::strip)
        .filter(key -> !key.isEmpty())
        .collect(java.util.stream.Collectors.toSet());
  }

  static String normalised(String email) {
    return BuyerMention.normalised(email);
  }

  /** HMAC-SHA256 of the normalised e-mail under the configured salt, in hex. */
  String hashOf(String buyer) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(buyer.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
