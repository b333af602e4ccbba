package com.partner.comptappart.platform.boundary;

import com.partner.comptappart.platform.control.RejectedRequest;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request that is wrong and will stay wrong: the status its {@code Rejection} names. */
@Provider
public class RejectedRequestMapper implements ExceptionMapper<RejectedRequest> {

  @Override
  public Response toResponse(RejectedRequest rejected) {
    return ErrorResponse.of(rejected.rejection(), rejected.getMessage(), rejected.violations());
  }
}
