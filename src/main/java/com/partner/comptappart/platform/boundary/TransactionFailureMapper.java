package com.partner.comptappart.platform.boundary;

import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A transaction whose commit failed (JTA wraps that failure in a {@link TransactionalException}).
 * Jersey ships a mapper for this type that answers a bare 500 when the cause is not a web
 * exception, so the database dying at commit (PostgreSQL ending the connection) was answered 500
 * instead of 503. This mapper is more specific for the type and hands it to the one place that
 * decides.
 */
@Provider
public class TransactionFailureMapper implements ExceptionMapper<TransactionalException> {

  private final ServerFailureMapper serverFailure = new ServerFailureMapper();

  @Override
  public Response toResponse(TransactionalException failure) {
    return serverFailure.toResponse(failure);
  }
}
