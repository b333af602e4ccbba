package com.partner.comptappart.orders.entity;

import com.partner.comptappart.platform.control.Identified;
import jakarta.persistence.Basic;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * A paid order as ComptAppart notified it: one row per notification event, with the raw bytes
 * received kept verbatim (they hold fields this version does not map yet).
 */
@Entity
@Table(name = "customer_order")
/*
 * A named native query: EclipseLink prepares it once, where a native query created per call has its
 * SQL parsed on every call, for every order.
 */
@NamedNativeQuery(
    name = CustomerOrder.CLAIM_EVENT,
    query =
        "SELECT locked, stored_order_id, erased_at"
            + " FROM comptappart_claim_event(?1, CAST(?2 AS BIGINT))")
@NamedQuery(
    name = CustomerOrder.ORDER_ID_OF_EVENT,
    query =
        "SELECT o.orderId, o.personalDataErasedAt FROM CustomerOrder o WHERE o.eventId = :eventId")
@NamedQuery(
    name = CustomerOrder.ORDER_ID_OF_EVENT_OR_CREATION,
    query =
        "SELECT o.orderId, o.personalDataErasedAt FROM CustomerOrder o"
            + " WHERE o.eventId = :eventId OR o.createdOrderId = :orderId")
@NamedQuery(
    name = CustomerOrder.WITH_ORDER_ID,
    query = "SELECT o FROM CustomerOrder o WHERE o.orderId = :orderId ORDER BY o.receivedAt, o.id")
@NamedQuery(
    name = CustomerOrder.WITH_INVOICE_NUMBER,
    query =
        "SELECT o FROM CustomerOrder o WHERE o.invoice.number = :number"
            + " ORDER BY o.receivedAt, o.id")
@NamedQuery(
    name = CustomerOrder.WITH_EMAIL,
    query =
        "SELECT o FROM CustomerOrder o WHERE LOWER(o.customer.email) IN (:email, :decomposed)"
            + " ORDER BY o.receivedAt, o.id")
/*
 * A bulk update: EclipseLink's change tracking does not see an @Embedded customer replaced as a
 * whole (measured: the raw body went, the names stayed).
 */
@NamedQuery(
    name = CustomerOrder.ERASE_PERSONAL_DATA,
    query =
        "UPDATE CustomerOrder o SET o.customer.firstName = :marker, o.customer.lastName = :marker,"
            + " o.customer.email = :marker, o.customer.phone = :marker, o.rawBody = NULL,"
            + " o.invoice.pdfFilename = NULL,"
            + " o.personalDataErasedAt = :now WHERE o.id = :id")
public class CustomerOrder implements Identified {

  public static final String CLAIM_EVENT = "CustomerOrder.claimEvent";
  public static final String ORDER_ID_OF_EVENT = "CustomerOrder.orderIdOfEvent";
  public static final String PRODUCTION = "production";
  public static final String ORDER_ID_OF_EVENT_OR_CREATION =
      "CustomerOrder.orderIdOfEventOrCreation";
  public static final String WITH_ORDER_ID = "CustomerOrder.withOrderId";
  public static final String WITH_INVOICE_NUMBER = "CustomerOrder.withInvoiceNumber";
  public static final String WITH_EMAIL = "CustomerOrder.withEmail";
  public static final String ERASE_PERSONAL_DATA = "CustomerOrder.erasePersonalData";

  /** Ids come from {@code customer_order_seq} in blocks: {@link #identify}. */
  public static final String SEQUENCE = "customer_order_seq";

  @Id private Long id;

  @Column(name = "event_id", nullable = false, unique = true)
  private String eventId;

  @Column(name = "event_type", nullable = false, length = 64)
  private String eventType;

  @Column(name = "order_id", nullable = false)
  private long orderId;

  /** Set for {@code order.created} only, under a unique constraint: revision 2.1's dedup key. */
  @Column(name = "created_order_id", unique = true)
  private Long createdOrderId;

  @Column(name = "event_timestamp", nullable = false)
  private Instant eventTimestamp;

  @Column(name = "received_at", nullable = false)
  private Instant receivedAt;

  @Column(name = "environment", nullable = false, length = 32)
  private String environment;

  /** Anywhere but production the sender uses Stripe test mode and "TEST" invoices. */
  @Column(name = "test_order", nullable = false)
  private boolean testOrder;

  @Embedded private Customer customer;

  @Embedded private Payment payment;

  @Embedded private Invoice invoice;

  /** Revision 2.2; null when the sender does not say. */
  @Column(name = "is_subscription")
  private Boolean subscription;

  /** Position (1 = first) of the signing secret that verified the delivery; null if unsigned. */
  @Column(name = "signature_secret")
  private Integer signatureSecret;

  @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("lineNumber")
  private List<ProductLine> products = new ArrayList<>();

  @ElementCollection
  @CollectionTable(name = "custom_field", joinColumns = @JoinColumn(name = "customer_order_id"))
  @OrderColumn(name = "field_number")
  private List<CustomField> customFields = new ArrayList<>();

  @ElementCollection
  @CollectionTable(name = "covered_year", joinColumns = @JoinColumn(name = "customer_order_id"))
  @OrderColumn(name = "entry_number")
  private List<CoveredYear> coverage = new ArrayList<>();

  /** Null once the buyer's personal data was erased (or the retention removed it). */
  @Basic(fetch = FetchType.LAZY)
  @Column(name = "raw_body")
  private byte[] rawBody;

  @Column(name = "personal_data_erased_at")
  private Instant personalDataErasedAt;

  protected CustomerOrder() {}

  /**
   * @param notification the checked notification
   * @param rawBody the exact bytes received, kept for audit and replay
   * @param environment where this receiver runs (local, staging, production)
   * @param receivedAt when the request arrived
   * @param signatureSecret position of the signing secret that verified it, or null
   */
  public CustomerOrder(
      OrderNotification notification,
      byte[] rawBody,
      String environment,
      Instant receivedAt,
      Integer signatureSecret) {
    Objects.requireNonNull(notification, "notification");
    this.eventId = requireText(notification.eventId(), "eventId");
    this.eventType = requireText(notification.eventType(), "eventType");
    this.orderId = notification.orderId();
    this.createdOrderId =
        Notification.ORDER_CREATED.equals(eventType) ? notification.orderId() : null;
    this.eventTimestamp = Objects.requireNonNull(notification.timestamp(), "timestamp");
    this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    this.environment = requireText(environment, "environment");
    this.testOrder = !PRODUCTION.equals(environment);
    this.rawBody = Objects.requireNonNull(rawBody, "rawBody").clone();
    this.signatureSecret = signatureSecret;

    OrderNotification.Buyer buyer = notification.customer();
    this.customer = new Customer(buyer.firstName(), buyer.lastName(), buyer.email(), buyer.phone());
    OrderNotification.Purchase purchase = notification.order();
    this.payment = new Payment(purchase.totalAmount(), purchase.currency(), purchase.paymentDate());
    this.subscription = purchase.isSubscription();
    OrderNotification.InvoiceReference reference = notification.invoice();
    this.invoice = new Invoice(reference.number(), reference.pdfUrl(), reference.pdfFilename());
    int line = 0;
    for (OrderNotification.Product product : purchase.products()) {
      products.add(
          new ProductLine(
              this,
              line++,
              product.productId(),
              product.productName(),
              product.quantity(),
              product.unitPrice(),
              product.amount(),
              product.subItems().stream()
                  .map(
                      tier ->
                          new PriceTier(
                              tier.description(), tier.quantity(), tier.unitPrice(), tier.amount()))
                  .toList()));
    }
    for (OrderNotification.Field field : purchase.customFields()) {
      customFields.add(new CustomField(field.key(), field.label(), field.value()));
    }
    for (OrderNotification.Coverage covered : purchase.coverage()) {
      coverage.add(
          new CoveredYear(covered.year(), covered.propertyExternalId(), covered.propertyName()));
    }
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  public Long id() {
    return id;
  }

  public String eventId() {
    return eventId;
  }

  public String eventType() {
    return eventType;
  }

  /** The sender's order id. */
  public long orderId() {
    return orderId;
  }

  public Instant eventTimestamp() {
    return eventTimestamp;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public String environment() {
    return environment;
  }

  /** Received anywhere but production: paid in Stripe test mode, nothing to fulfil for real. */
  public boolean isTestOrder() {
    return testOrder;
  }

  public Customer customer() {
    return customer;
  }

  public Payment payment() {
    return payment;
  }

  public Invoice invoice() {
    return invoice;
  }

  public List<ProductLine> products() {
    return List.copyOf(products);
  }

  /**
   * Erases the values of the custom fields the buyer typed (free text: a note, an address, their
   * name), keeping each key and label, except under the keys accounting keeps.
   *
   * @return how many values were erased
   */
  public int eraseCustomFieldValues(java.util.Set<String> keptKeys) {
    int erased = 0;
    for (int i = 0; i < customFields.size(); i++) {
      CustomField field = customFields.get(i);
      if (!keptKeys.contains(field.key()) && !Customer.ERASED.equals(field.value())) {
        customFields.set(i, new CustomField(field.key(), field.label(), Customer.ERASED));
        erased++;
      }
    }
    return erased;
  }

  public List<CustomField> customFields() {
    return List.copyOf(customFields);
  }

  public List<CoveredYear> coverage() {
    return List.copyOf(coverage);
  }

  public Boolean isSubscription() {
    return subscription;
  }

  public Integer signatureSecret() {
    return signatureSecret;
  }

  /** The bytes received; null once removed (erasure, retention). */
  public byte[] rawBody() {
    return rawBody == null ? null : rawBody.clone();
  }

  /** When the buyer's personal data was erased; null while it is held. */
  public Instant personalDataErasedAt() {
    return personalDataErasedAt;
  }

  @Override
  public String toString() {
    return "CustomerOrder[event " + eventId + ", order " + orderId + ", " + eventType + "]";
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(eventId);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CustomerOrder order && Objects.equals(eventId, order.eventId);
  }

  /**
   * Gives the new row its id (and its children theirs) from the sequence's blocks, before it is
   * persisted: {@code identify(ids::next)} with {@link
   * com.partner.comptappart.platform.control.IdBlocks}.
   */
  @Override
  public void identify(ToLongFunction<String> ids) {
    this.id = ids.applyAsLong(SEQUENCE);
    for (ProductLine line : products) {
      line.identify(ids);
    }
  }
}
