package com.partner.comptappart.invoices.control;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Which invoice links the receiver fetches. The link comes from a request body: with a leaked API
 * key anyone could make the server fetch what they name (an internal service, the cloud's metadata
 * endpoint). So only {@code https}, only the configured hosts, and only public addresses.
 */
public final class InvoiceLinkPolicy {

  /**
   * The sender's invoice hosts: the bucket its guide names, the contract's example bucket, and
   * Stripe's receipt pages (revision 2.2).
   */
  public static final String DEFAULT_HOSTS =
      "qlower-documents.s3.eu-west-3.amazonaws.com,"
          + "documents.example-bucket.s3.eu-west-3.amazonaws.com,"
          + "pay.stripe.com";

  static final String HOSTS = "comptappart.invoice.allowed-hosts";
  static final String PRIVATE = "comptappart.invoice.allow-private-addresses";

  private final Set<String> allowedHosts;
  private final boolean allowPrivateAddresses;

  public InvoiceLinkPolicy(Set<String> allowedHosts, boolean allowPrivateAddresses) {
    this.allowedHosts =
        allowedHosts.stream().map(InvoiceLinkPolicy::normalised).collect(Collectors.toSet());
    this.allowPrivateAddresses = allowPrivateAddresses;
  }

  /**
   * The policy configured for this server.
   *
   * @throws IllegalArgumentException when private addresses are allowed in production (a setting
   *     for tests only)
   */
  public static InvoiceLinkPolicy from(Config config) {
    return of(
        config.getOptionalValue(HOSTS, String.class).orElse(DEFAULT_HOSTS),
        config.getOptionalValue(PRIVATE, Boolean.class).orElse(false),
        config.getOptionalValue("comptappart.environment", String.class).orElse("local"));
  }

  /**
   * @param hosts the allowed hosts, comma-separated
   * @param allowPrivate whether private, loopback and link-local addresses may be connected to
   * @param environment where the receiver runs
   */
  static InvoiceLinkPolicy of(String hosts, boolean allowPrivate, String environment) {
    if (allowPrivate && "production".equals(environment)) {
      throw new IllegalArgumentException(
          PRIVATE + "=true is for tests only and is refused in production");
    }
    return new InvoiceLinkPolicy(
        Arrays.stream(hosts.split(","))
            .map(String::strip)
            .filter(host -> !host.isEmpty())
            .collect(Collectors.toSet()),
        allowPrivate);
  }

  /** Why this link is not fetched, judged on its text alone; null when it may be. */
  public String refusalOf(String link) {
    URI uri;
    try {
      uri = new URI(link);
    } catch (URISyntaxException | NullPointerException e) {
      return "not a URL";
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      return "scheme "
          + (uri.getScheme() == null ? "missing" : "'" + uri.getScheme() + "'")
          + " is not https";
    }
    if (uri.getRawUserInfo() != null) {
      return "a link with credentials is not fetched";
    }
    String host = uri.getHost();
    if (host == null || !allowedHosts.contains(normalised(host))) {
      return "host " + (host == null ? "missing" : host) + " is not in " + HOSTS;
    }
    return null;
  }

  /** Why these addresses of an allowed host are not connected to; null when they may be. */
  public String refusalOfAddresses(String host, InetAddress... addresses) {
    if (allowPrivateAddresses) {
      return null;
    }
    for (InetAddress address : addresses) {
      String kind = nonPublicKind(address);
      if (kind != null) {
        return "host "
            + host
            + " resolves to a "
            + kind
            + " address ("
            + address.getHostAddress()
            + ")";
      }
    }
    return null;
  }

  /** What kind of non-public address this is, or null for a public one. */
  static String nonPublicKind(InetAddress address) {
    InetAddress embedded = embeddedIpv4(address);
    if (embedded != null) {
      return nonPublicKind(embedded);
    }
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    byte[] bytes = address.getAddress();
    boolean privateV4 =
        bytes.length == 4
            && (address.isSiteLocalAddress()
                || bytes[0] == 0
                || (bytes[0] == 100 && (bytes[1] & 0xC0) == 64)); // 100.64/10, carrier NAT
    boolean privateV6 =
        address instanceof Inet6Address
            && (address.isSiteLocalAddress() || (bytes[0] & 0xFE) == 0xFC); // fc00::/7
    return privateV4 || privateV6 ? "private" : null;
  }

  /**
   * The IPv4 address an IPv6 address carries in its last 32 bits, where it is judged by that one:
   * IPv4-compatible ({@code ::127.0.0.1}) and NAT64 ({@code 64:ff9b::/96}). (IPv4-mapped ones are
   * read as IPv4 by the JDK already.) Null for any other.
   */
  static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address v6)) {
      return null;
    }
    byte[] bytes = v6.getAddress();
    boolean nat64 =
        bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b;
    boolean compatible = v6.isIPv4CompatibleAddress() && !address.isLoopbackAddress();
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = bytes[i] == 0;
    }
    if (!compatible && !nat64) {
      return null;
    }
    try {
      return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
    } catch (java.net.UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static String normalised(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
