package com.partner.comptappart.webhook.control;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fails the deployment when the configured API keys break the contract, so that a weak key is found
 * by whoever deploys, not by an attacker. A deployment problem is the one failure CDI guarantees to
 * abort the deployment with.
 */
public class ApiKeyConfigurationCheck implements Extension {

  void checkKeys(@Observes AfterDeploymentValidation validation) {
    try {
      new ApiKeys(ConfigProvider.getConfig());
    } catch (IllegalArgumentException invalidKeys) {
      validation.addDeploymentProblem(invalidKeys);
    }
  }
}
