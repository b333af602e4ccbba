package com.partner.comptappart.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** All resources live under {@code /api}; the WAR is deployed at context root {@code /}. */
@ApplicationPath("api")
public class JaxRsConfiguration extends Application {

  /**
   * No generated WADL ({@code /api/application.wadl}, {@code OPTIONS} bodies): it would list the
   * ops API and name the JAX-RS implementation's version to anyone on the webhook's port. No Bean
   * Validation of resource methods: no resource declares a constraint (the parser checks each field
   * and says which), and Jersey looked the constraints up on every request (JFR).
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        "jersey.config.server.wadl.disableWadl", true,
        "jersey.config.beanValidation.disable.server", true);
  }
}
