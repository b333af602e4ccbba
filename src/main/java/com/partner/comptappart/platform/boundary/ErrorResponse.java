package com.partner.comptappart.platform.boundary;

import com.partner.comptappart.platform.control.Rejection;
import com.partner.comptappart.platform.control.Violation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The one JSON shape of every error this application answers: {@code
 * {"error":"<code>","message":"…","violations":[{"field":"…","message":"…"}]}}.
 */
public record ErrorResponse(String error, String message, List<Violation> violations) {

  public static Response of(Rejection rejection, String message, List<Violation> violations) {
    return of(rejection.status(), rejection.code(), message, violations);
  }

  public static Response of(int status, String error, String message, List<Violation> violations) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorResponse(error, message, List.copyOf(violations)))
        .build();
  }
}
