package com.partner.comptappart.personaldata.boundary;

import com.partner.comptappart.personaldata.control.ErasureResult;
import com.partner.comptappart.personaldata.control.PersonalData;
import com.partner.comptappart.platform.boundary.SameOriginRequired;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Ops answer a buyer's requests: erasure ({@code POST /api/ops/erasures}) and access ({@code GET
 * /api/ops/personal-data?email=…}). Restricted to the role {@code ops} by the server's realm
 * (web.xml); an erasure changes data, so it refuses cross-site requests.
 */
@Path("ops")
@Produces(MediaType.APPLICATION_JSON)
public class PersonalDataResource {

  /** An erasure request: the buyer's e-mail, and optionally one of their orders. */
  public record ErasureRequest(String email, Long orderId) {}

  @Inject PersonalData personalData;
  @Context SecurityContext security;

  @POST
  @Path("erasures")
  @Consumes(MediaType.APPLICATION_JSON)
  @SameOriginRequired
  public ErasureResult erase(ErasureRequest request) {
    String email = required(request == null ? null : request.email());
    return personalData.erase(email, request.orderId(), security.getUserPrincipal().getName());
  }

  @GET
  @Path("personal-data")
  public HeldDataView heldAbout(@QueryParam("email") String email) {
    return HeldDataView.of(email, personalData.heldAbout(required(email)));
  }

  private static String required(String email) {
    if (email == null || email.isBlank() || !email.contains("@")) {
      throw new RejectedRequest(
          Rejection.PERSONAL_DATA_WITHOUT_EMAIL, "Give the buyer's e-mail address.");
    }
    return email;
  }
}
