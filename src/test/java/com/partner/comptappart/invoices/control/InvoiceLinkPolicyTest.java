package com.partner.comptappart.invoices.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvoiceLinkPolicyTest {

  final InvoiceLinkPolicy policy =
      new InvoiceLinkPolicy(
          Set.of("qlower-documents.s3.eu-west-3.amazonaws.com", "pay.stripe.com"), false);

  @Test
  void anHttpsLinkToAnAllowedHostMayBeFetched() {
    assertNull(
        policy.refusalOf(
            "https://qlower-documents.s3.eu-west-3.amazonaws.com/partner_invoices/invoice_1.pdf?X-Amz-Signature=abc"));
    assertNull(policy.refusalOf("https://PAY.stripe.com./receipts/acct_1/ch_2"));
  }

  @ParameterizedTest
  @CsvSource({
    "http://pay.stripe.com/receipts/1, scheme 'http' is not https",
    "ftp://pay.stripe.com/1.pdf, scheme 'ftp' is not https",
    "file:///etc/passwd, scheme 'file' is not https",
    "javascript:alert(1), scheme 'javascript' is not https",
    "https://evil.example/1.pdf, host evil.example is not in comptappart.invoice.allowed-hosts",
    "https://pay.stripe.com.evil.example/1.pdf, host pay.stripe.com.evil.example is not in comptappart.invoice.allowed-hosts",
    "https://user:pass@pay.stripe.com/1.pdf, a link with credentials is not fetched",
    "/partner_invoices/1.pdf, scheme missing is not https",
    "https://pay.stripe.com/a b, not a URL"
  })
  void otherLinksAreRefusedWithTheirReason(String link, String reason) {
    assertEquals(reason, policy.refusalOf(link));
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "::1, loopback",
    "169.254.169.254, link-local",
    "fe80::1, link-local",
    "10.1.2.3, private",
    "172.16.0.1, private",
    "192.168.1.1, private",
    "100.64.0.1, private",
    "fd00::1, private",
    "0.0.0.0, unspecified",
    "224.0.0.1, multicast",
    "::ffff:127.0.0.1, loopback",
    // IPv4-compatible and NAT64 forms carry an IPv4 address too (second review, finding 6).
    "::127.0.0.1, loopback",
    "::10.0.0.1, private",
    "64:ff9b::a9fe:a9fe, link-local"
  })
  void nonPublicAddressesAreRefused(String address, String kind) throws UnknownHostException {
    assertEquals(kind, InvoiceLinkPolicy.nonPublicKind(InetAddress.getByName(address)));
    assertTrue(
        policy
            .refusalOfAddresses("pay.stripe.com", InetAddress.getByName(address))
            .contains("resolves to a " + kind + " address"));
  }

  @Test
  void publicAddressesAreConnectedTo() throws UnknownHostException {
    assertNull(
        policy.refusalOfAddresses(
            "pay.stripe.com",
            InetAddress.getByName("52.95.155.1"),
            InetAddress.getByName("2600:1f18::1")));
  }

  @Test
  void oneNonPublicAddressAmongPublicOnesIsEnoughToRefuse() throws UnknownHostException {
    assertTrue(
        policy
            .refusalOfAddresses(
                "pay.stripe.com",
                InetAddress.getByName("52.95.155.1"),
                InetAddress.getByName("169.254.169.254"))
            .contains("link-local"));
  }

  @Test
  void privateAddressesAllowedForTestsAreRefusedInProduction() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> InvoiceLinkPolicy.of("localhost", true, "production"));
    assertTrue(refused.getMessage().contains(InvoiceLinkPolicy.PRIVATE));
    assertNull(
        InvoiceLinkPolicy.of("localhost", true, "test")
            .refusalOfAddresses("localhost", InetAddress.getLoopbackAddress()));
  }

  @Test
  void theDefaultHostsAreTheSendersInvoiceHosts() {
    InvoiceLinkPolicy defaults =
        InvoiceLinkPolicy.of(InvoiceLinkPolicy.DEFAULT_HOSTS, false, "production");
    assertNull(defaults.refusalOf("https://qlower-documents.s3.eu-west-3.amazonaws.com/x.pdf"));
    assertNull(defaults.refusalOf("https://pay.stripe.com/receipts/x"));
    assertTrue(defaults.refusalOf("https://s3.eu-west-3.amazonaws.com/other-bucket/x.pdf") != null);
  }
}
