package com.partner.comptappart.webhook.boundary;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;

/**
 * A {@code Content-Type} that does not parse ({@code application/json; charset}, {@code /}) makes
 * JAX-RS answer a bare 400 before any of our code runs: final for the sender, and unrecorded. It is
 * repaired before JAX-RS sees it (hence a servlet filter). When its type is {@code
 * application/json} and only its parameters are broken, the body is read as JSON in UTF-8 (a
 * sender's client bug must not lose an order); any other is replaced by a type the webhook refuses
 * with 415, after authentication, recorded like every refusal.
 */
// Asynchronous and on async dispatches too: BodyReceiver hands a request on that way.
@WebFilter(
    urlPatterns = "/api/comptappart/*",
    asyncSupported = true,
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class UnreadableContentTypeFilter extends HttpFilter {

  static final String UNREADABLE = "application/x-unreadable-content-type";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    chain.doFilter(
        contentType == null || isReadable(contentType)
            ? request
            : new RepairedContentType(request, repaired(contentType)),
        response);
  }

  private static boolean isReadable(String contentType) {
    try {
      MediaType.valueOf(contentType);
      return true;
    } catch (IllegalArgumentException unreadable) {
      return false;
    }
  }

  static String repaired(String contentType) {
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.equals(MediaType.APPLICATION_JSON) ? MediaType.APPLICATION_JSON : UNREADABLE;
  }

  /** The request as sent, but for its Content-Type. */
  private static final class RepairedContentType extends HttpServletRequestWrapper {
    private final String contentType;

    RepairedContentType(HttpServletRequest request, String contentType) {
      super(request);
      this.contentType = contentType;
    }

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public String getHeader(String name) {
      return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? contentType : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
          ? Collections.enumeration(java.util.List.of(contentType))
          : super.getHeaders(name);
    }
  }
}
