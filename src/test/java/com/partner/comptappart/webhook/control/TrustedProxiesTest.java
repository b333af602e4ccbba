package com.partner.comptappart.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  TrustedProxies proxies = new TrustedProxies(Optional.of(List.of("10.0.4.12", " 10.0.4.13 ")));

  @Test
  void throughATrustedProxyTheForwardedClientIsBelieved() {
    assertEquals("198.51.100.7", proxies.clientAddress("10.0.4.12", "198.51.100.7"));
    assertEquals("https", proxies.scheme("10.0.4.12", "http", "https"));
  }

  @Test
  void forgedHopsInFrontOfTheRealClientAreSkipped() {
    assertEquals(
        "198.51.100.7", proxies.clientAddress("10.0.4.12", "203.0.113.9, 198.51.100.7, 10.0.4.13"));
  }

  @Test
  void fromAnyoneElseTheHeadersAreIgnored() {
    assertEquals("192.0.2.50", proxies.clientAddress("192.0.2.50", "203.0.113.9"));
    assertEquals("http", proxies.scheme("192.0.2.50", "http", "https"));
    assertEquals(
        "10.0.4.12",
        new TrustedProxies(Optional.empty()).clientAddress("10.0.4.12", "198.51.100.7"));
  }

  @Test
  void missingOrOddHeadersFallBackToTheConnection() {
    assertEquals("10.0.4.12", proxies.clientAddress("10.0.4.12", null));
    assertEquals("10.0.4.12", proxies.clientAddress("10.0.4.12", " , 10.0.4.13"));
    assertEquals("http", proxies.scheme("10.0.4.12", "http", "gopher"));
  }

  @Test
  void aForwardedHopThatIsNoAddressIsNotRecorded() {
    assertEquals(
        "10.0.4.12", proxies.clientAddress("10.0.4.12", "<script>alert(1)</script>, 10.0.4.13"));
    assertEquals("10.0.4.12", proxies.clientAddress("10.0.4.12", "evil.example"));
    assertEquals("10.0.4.12", proxies.clientAddress("10.0.4.12", "300.1.1.1"));
    assertEquals("2001:db8::7", proxies.clientAddress("10.0.4.12", "2001:db8::7"));
    // Second review, finding 6: the characters of an IPv6 address are not one.
    assertEquals("10.0.4.12", proxies.clientAddress("10.0.4.12", ":".repeat(44)));
    assertEquals("10.0.4.12", proxies.clientAddress("10.0.4.12", "1:2:3:4:5:6:7:8:9"));
    assertEquals("10.0.4.12", proxies.clientAddress("10.0.4.12", ".1:2"));
  }
}
