package com.partner.comptappart.webhook.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Who really sent a request that came through the reverse proxy, which terminates TLS. {@code
 * X-Forwarded-For} and {@code X-Forwarded-Proto} are believed only when the connection comes from
 * an address listed in {@code comptappart.trusted-proxies}: anyone else could write them.
 */
@ApplicationScoped
public class TrustedProxies {

  static final String PROPERTY = "comptappart.trusted-proxies";
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

  private final Set<String> proxies;

  @Inject
  public TrustedProxies(Config config) {
    this(config.getOptionalValues(PROPERTY, String.class));
  }

  TrustedProxies(Optional<List<String>> configured) {
    this.proxies =
        configured.orElse(List.of()).stream()
            .map(String::strip)
            .filter(address -> !address.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Proxy constructor required by CDI for a normal-scoped bean. */
  protected TrustedProxies() {
    this(Optional.empty());
  }

  /**
   * The client's address: the nearest address in {@code X-Forwarded-For} that is not one of our
   * proxies, when the peer is a trusted proxy; otherwise the peer itself.
   */
  public String clientAddress(String peer, String forwardedFor) {
    if (!proxies.contains(peer) || forwardedFor == null || forwardedFor.isBlank()) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!hop.isEmpty() && !proxies.contains(hop)) {
        // Only an address is recorded; anything else (markup, a host name) leaves the proxy's.
        return isAddress(hop) ? hop : peer;
      }
    }
    return peer;
  }

  /** An IPv4 address in dotted decimal, or an IPv6 address (one that parses as one). */
  static boolean isAddress(String text) {
    return IPV4.matcher(text).matches()
        || (text.length() <= 45
            && text.indexOf(':') >= 0
            && (text.charAt(0) == ':' || Character.digit(text.charAt(0), 16) >= 0)
            && IPV6_CHARACTERS.matcher(text).matches()
            && parsesAsIpv6(text));
  }

  /**
   * Whether the text is an IPv6 literal. The JDK reads a text that starts with a hex digit or a
   * colon and holds a colon as a literal, never as a host name: no lookup is made.
   */
  private static boolean parsesAsIpv6(String text) {
    try {
      return java.net.InetAddress.getByName(text) != null;
    } catch (java.net.UnknownHostException notAnAddress) {
      return false;
    }
  }

  /** Whether the peer is one of our proxies: the request came through the company's proxy. */
  public boolean trusts(String peer) {
    return proxies.contains(peer);
  }

  /** {@code https} or {@code http} as the client used it. */
  public String scheme(String peer, String requestScheme, String forwardedProto) {
    if (proxies.contains(peer) && forwardedProto != null) {
      String proto = forwardedProto.split(",")[0].strip().toLowerCase(Locale.ROOT);
      if (proto.equals("https") || proto.equals("http")) {
        return proto;
      }
    }
    return requestScheme;
  }
}
