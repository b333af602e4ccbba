package com.partner.comptappart.platform.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Locale;

/**
 * The status JAX-RS itself chose (404 unknown path, 405 wrong method, 406 …), in our JSON shape
 * instead of the server's HTML page.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    Response.StatusType status = original.getStatusInfo();
    if (status.getFamily() == Response.Status.Family.SERVER_ERROR) {
      return new ServerFailureMapper().toResponse(exception);
    }
    String code = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
    Response answer =
        ErrorResponse.of(status.getStatusCode(), code, status.getReasonPhrase(), List.of());
    // Keep the headers that make the status useful, e.g. Allow on a 405.
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> answer.getHeaders().add(name, value));
              }
            });
    return answer;
  }
}
