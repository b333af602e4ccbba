package com.partner.comptappart.personaldata.control;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fails the deployment when the personal-data hash salt is unusable (missing, built in or short in
 * production, or an alias the server cannot resolve), with the setting's name: a deployment problem
 * is the one failure CDI guarantees to abort the deployment with, before anything is served.
 */
public class HashSaltCheck implements Extension {

  void checkSalt(@Observes AfterDeploymentValidation validation) {
    try {
      HashSalt.from(ConfigProvider.getConfig());
    } catch (IllegalArgumentException unusable) {
      validation.addDeploymentProblem(unusable);
    }
  }
}
