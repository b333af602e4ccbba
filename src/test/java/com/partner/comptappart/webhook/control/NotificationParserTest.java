package com.partner.comptappart.webhook.control;

import static com.partner.comptappart.it.Notifications.replaced;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partner.comptappart.orders.entity.OrderNotification;
import com.partner.comptappart.orders.entity.UnhandledEvent;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import com.partner.comptappart.platform.control.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationParserTest {

  static String example() {
    return resource("/notifications/contract-2.1-example.json");
  }

  /** A test resource as text. */
  static String resource(String name) {
    try (InputStream in = NotificationParserTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static OrderNotification parse(String json) {
    return (OrderNotification) NotificationParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static RejectedRequest rejected(String json) {
    return rejected(json.getBytes(StandardCharsets.UTF_8));
  }

  static RejectedRequest rejected(byte[] body) {
    return assertThrows(RejectedRequest.class, () -> NotificationParser.parse(body));
  }

  static List<String> fieldsAtFault(String json) {
    RejectedRequest rejection = rejected(json);
    assertEquals(Rejection.INVALID_NOTIFICATION, rejection.rejection());
    return rejection.violations().stream().map(Violation::field).toList();
  }

  @Test
  void contractExampleIsReadCompletely() {
    OrderNotification notification = parse(example());

    assertEquals("order.created", notification.eventType());
    assertEquals("evt_3PqA9sLkT2mBv7Xc1Rz0NdWe", notification.eventId());
    assertEquals(1207, notification.orderId());
    assertEquals(Instant.parse("2026-03-14T09:21:05Z"), notification.timestamp());
    assertEquals(
        new OrderNotification.Buyer(
            "Claire", "Moreau", "claire.moreau@example.org", "+33611223344"),
        notification.customer());
    assertEquals(new BigDecimal("129.0"), notification.order().totalAmount());
    assertEquals("EUR", notification.order().currency());
    assertEquals(Instant.parse("2026-03-14T09:21:05Z"), notification.order().paymentDate());
    assertEquals(
        List.of(
            new OrderNotification.Product(
                "prod_Tx81LmQa0Zc9Rb",
                "Déclaration LMNP - Formule Sérénité",
                1,
                new BigDecimal("107.5"))),
        notification.order().products());
    assertEquals(
        List.of(
            new OrderNotification.Field("anneedeladeclaration", "Année de la déclaration", "2025")),
        notification.order().customFields());
    assertEquals(
        new OrderNotification.InvoiceReference(
            "FQCA-2026-001207",
            "https://documents.example-bucket.s3.eu-west-3.amazonaws.com/partner_invoices/invoice_1207.pdf"),
        notification.invoice());
  }

  @Test
  void amountsKeepEveryDigitAndTheirScale() {
    OrderNotification notification =
        parse(
            replaced(
                example(),
                "\"total_amount\": 129.0",
                "\"total_amount\": 0.30000000000000004",
                "\"unit_price\": 107.5",
                "\"unit_price\": 99.99"));

    assertEquals("0.30000000000000004", notification.order().totalAmount().toPlainString());
    assertEquals("99.99", notification.order().products().get(0).unitPrice().toPlainString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "12345678901234567", "0.123456789012345678901", "-1"})
  void implausibleTotalsAreRefused(String amount) {
    assertEquals(
        List.of("order.total_amount"),
        fieldsAtFault(
            replaced(example(), "\"total_amount\": 129.0", "\"total_amount\": " + amount)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-03-14T09:21:05Z",
        "2026-03-14T09:21:05.000Z",
        "2026-03-14T09:21:05+00:00",
        "2026-03-14T10:21:05+01:00",
        "2026-03-14T09:21:05.000000+00:00"
      })
  void timestampsWithZOrAnOffsetAreReadInUtc(String timestamp) {
    OrderNotification notification =
        parse(
            replaced(
                example(),
                "\"timestamp\": \"2026-03-14T09:21:05.000Z\"",
                "\"timestamp\": \"" + timestamp + "\""));

    assertEquals(Instant.parse("2026-03-14T09:21:05Z"), notification.timestamp());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-03-14T09:21:05", "2026-03-14", "14/03/2026 09:21", ""})
  void timestampsWithoutAnOffsetAreRefused(String timestamp) {
    assertEquals(
        List.of("timestamp"),
        fieldsAtFault(
            replaced(
                example(),
                "\"timestamp\": \"2026-03-14T09:21:05.000Z\"",
                "\"timestamp\": \"" + timestamp + "\"")));
  }

  @Test
  void everyMissingRequiredFieldIsNamed() {
    assertEquals(
        List.of("event_id", "order_id", "timestamp", "customer", "order", "invoice"),
        fieldsAtFault("{\"event_type\":\"order.created\"}"));
    assertEquals(
        List.of(
            "customer.email",
            "order.total_amount",
            "order.currency",
            "order.payment_date",
            "order.products",
            "invoice.number",
            "invoice.pdf_url"),
        fieldsAtFault(
            "{\"event_type\":\"order.created\",\"event_id\":\"e\",\"order_id\":1,"
                + "\"timestamp\":\"2026-03-14T09:21:05Z\",\"customer\":{},\"order\":{},"
                + "\"invoice\":{}}"));
  }

  @Test
  void mistypedFieldsAreNamedWithTheirPath() {
    String body =
        replaced(
            example(),
            "\"order_id\": 1207",
            "\"order_id\": \"1207\"",
            "\"quantity\": 1",
            "\"quantity\": 1.5",
            "\"customer\": {",
            "\"customer\": {\"ignored\": [],",
            "\"email\": \"claire.moreau@example.org\"",
            "\"email\": 42",
            "\"value\": \"2025\"",
            "\"value\": 2025");

    assertEquals(
        List.of(
            "order_id",
            "customer.email",
            "order.products[0].quantity",
            "order.custom_fields[0].value"),
        fieldsAtFault(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-3", "1.5", "\"1\"", "3000000000", "null"})
  void quantityMustBeAnIntegerOfAtLeastOne(String quantity) {
    assertEquals(
        List.of("order.products[0].quantity"),
        fieldsAtFault(replaced(example(), "\"quantity\": 1", "\"quantity\": " + quantity)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1.5", "\"1207\"", "99999999999999999999"})
  void orderIdMustBeAPositiveInteger(String orderId) {
    assertEquals(
        List.of("order_id"),
        fieldsAtFault(replaced(example(), "\"order_id\": 1207", "\"order_id\": " + orderId)));
  }

  @Test
  void productsThatAreNotObjectsAreNamedByIndex() {
    assertEquals(
        List.of("order.products[1]"),
        fieldsAtFault(
            replaced(
                example(),
                "\"quantity\": 1, \"unit_price\": 107.5 }",
                "\"quantity\": 1, \"unit_price\": 107.5 }, 7")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"EURO\"", "\"E1R\"", "978"})
  void currencyMustBeThreeLetters(String currency) {
    assertEquals(
        List.of("order.currency"),
        fieldsAtFault(replaced(example(), "\"currency\": \"EUR\"", "\"currency\": " + currency)));
  }

  @Test
  void lowerCaseCurrencyAsStripeWritesItIsNormalised() {
    assertEquals(
        "EUR",
        parse(replaced(example(), "\"currency\": \"EUR\"", "\"currency\": \"eur\""))
            .order()
            .currency());
  }

  @Test
  void namesAndPhoneMayBeNullOrEmpty() {
    OrderNotification notification =
        parse(
            replaced(
                example(),
                "\"first_name\": \"Claire\"",
                "\"first_name\": null",
                "\"last_name\": \"Moreau\"",
                "\"last_name\": \"\"",
                "\"phone\": \"+33611223344\"",
                "\"phone\": null"));

    assertNull(notification.customer().firstName());
    assertEquals("", notification.customer().lastName());
    assertNull(notification.customer().phone());
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "[]"})
  void customFieldsMayBeNullOrEmpty(String customFields) {
    String body =
        example()
            .replaceAll("\"custom_fields\": \\[[^\\]]*\\]", "\"custom_fields\": " + customFields);

    assertEquals(List.of(), parse(body).order().customFields());
  }

  @Test
  void customFieldsMayBeAbsentAndUnknownFieldsAreIgnored() {
    String body =
        example()
            .replaceAll(",\\s*\"custom_fields\": \\[[^\\]]*\\]", "")
            .replace("\"order_id\": 1207,", "\"order_id\": 1207, \"added_in_2027\": {\"x\": [1]},");

    assertEquals(List.of(), parse(body).order().customFields());
  }

  @Test
  void invoiceUrlMustBeAbsolute() {
    assertEquals(
        List.of("invoice.pdf_url"),
        fieldsAtFault(
            example()
                .replaceAll(
                    "\"pdf_url\": \"[^\"]*\"", "\"pdf_url\": \"/partner_invoices/1.pdf\"")));
  }

  /** Whether a link is fetched is the archive's decision: the order is kept either way. */
  @Test
  void anInvoiceLinkOfAnotherSchemeIsReadAsSent() {
    String body =
        example().replaceAll("\"pdf_url\": \"[^\"]*\"", "\"pdf_url\": \"file:///etc/passwd\"");
    assertEquals("file:///etc/passwd", ((OrderNotification) parse(body)).invoice().pdfUrl());
  }

  @Test
  void otherEventTypesAreReadAsUnhandledWithoutCheckingOrderFields() {
    assertEquals(
        new UnhandledEvent("order.refunded", "evt_9", null),
        NotificationParser.parse(
            "{\"event_type\":\"order.refunded\",\"event_id\":\"evt_9\"}"
                .getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void eventOfAnUnreadableBodyIsPeekedForTheLog() {
    assertArrayEquals(
        new String[] {"evt_1", "order.created"},
        NotificationParser.peekEvent(
            "{\"event_type\":\"order.created\",\"event_id\":\"evt_1\",\"order_id\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8)));
    assertArrayEquals(
        new String[2], NotificationParser.peekEvent("{not json".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void unreadableBodiesAreRefusedWithTheirReason() {
    assertEquals(Rejection.EMPTY_BODY, rejected("").rejection());
    assertEquals(Rejection.EMPTY_BODY, rejected(" \n\t").rejection());
    assertEquals(Rejection.MALFORMED_JSON, rejected("{\"event_type\":").rejection());
    assertEquals(Rejection.MALFORMED_JSON, rejected("{} {}").rejection());
    assertEquals(Rejection.MALFORMED_JSON, rejected("\uFEFF" + example()).rejection());
    assertEquals(Rejection.MALFORMED_JSON, rejected("{\"a\": NaN}").rejection());
    assertEquals(Rejection.NOT_AN_OBJECT, rejected("[]").rejection());
    assertEquals(Rejection.NOT_AN_OBJECT, rejected("42").rejection());
    assertEquals(Rejection.NOT_AN_OBJECT, rejected("null").rejection());
    assertEquals(
        Rejection.INVALID_ENCODING,
        rejected(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}).rejection());
  }

  @Test
  void duplicateKeysAreRefusedRatherThanGuessed() {
    RejectedRequest rejection =
        rejected(
            replaced(example(), "\"order_id\": 1207,", "\"order_id\": 1207, \"order_id\": 1208,"));

    assertEquals(Rejection.MALFORMED_JSON, rejection.rejection());
  }

  @Test
  void deepNestingIsRefusedWithoutExhaustingTheStack() {
    String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);

    assertEquals(Rejection.MALFORMED_JSON, rejected(deep).rejection());
  }

  /** Each variant puts the marker {@code zq9} in a value the parser must refuse. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "customer.email | \"email\": \"claire.moreau@example.org\" | \"email\": [\"zq9\"]",
        "customer.last_name | \"last_name\": \"Moreau\" | \"last_name\": [\"zq9\"]",
        "customer.phone | \"phone\": \"+33611223344\" | \"phone\": {\"zq9\": 1}",
        "customer.first_name | \"first_name\": \"Claire\" | \"first_name\": \"zq9\\u0000\"",
        "order_id | \"order_id\": 1207 | \"order_id\": \"zq9\"",
        "order.currency | \"currency\": \"EUR\" | \"currency\": \"zq9\"",
        "order.payment_date | \"payment_date\": \"2026-03-14T09:21:05.000Z\" | \"payment_date\": \"zq9\""
      })
  void violationMessagesNeverEchoValues(String field, String original, String variant) {
    RejectedRequest rejection = rejected(replaced(example(), original, variant));

    assertTrue(
        rejection.violations().stream().anyMatch(v -> v.field().equals(field)),
        field + " not refused: " + rejection.violations());
    assertTrue(
        rejection.violations().stream().noneMatch(v -> v.message().contains("zq9")),
        rejection.violations().toString());
    assertFalse(rejection.getMessage().contains("zq9"), rejection.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Claire\\u0000Moreau", "\\ud800", "x\\udc00y", "\\ud83d"})
  void textNoDatabaseCanStoreIsRefused(String escaped) {
    assertEquals(
        List.of("customer.first_name"),
        fieldsAtFault(
            replaced(
                example(), "\"first_name\": \"Claire\"", "\"first_name\": \"" + escaped + "\"")));
  }

  @Test
  void pairedSurrogatesAreKept() {
    assertEquals(
        "Claire \ud83c\udfe0",
        parse(
                replaced(
                    example(),
                    "\"first_name\": \"Claire\"",
                    "\"first_name\": \"Claire \\ud83c\\udfe0\""))
            .customer()
            .firstName());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"+999999999-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "3000-01-01T00:00:00Z"})
  void datesOutsideAnyPlausibleRangeAreRefused(String date) {
    assertEquals(
        List.of("order.payment_date"),
        fieldsAtFault(
            replaced(
                example(),
                "\"payment_date\": \"2026-03-14T09:21:05.000Z\"",
                "\"payment_date\": \"" + date + "\"")));
  }

  @Test
  void arraysLargerThanAnyCheckoutAreRefused() {
    String field = "{ \"key\": \"k\", \"label\": null, \"value\": \"v\" }";
    String fields = String.join(",", java.util.Collections.nCopies(1001, field));
    assertEquals(
        List.of("order.custom_fields"),
        fieldsAtFault(
            example()
                .replaceAll(
                    "\"custom_fields\": \\[[^\\]]*\\]", "\"custom_fields\": [" + fields + "]")));
  }
}
