package com.partner.comptappart.webhook.control;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fails the deployment when the configured API keys or signing secrets are unusable (a key shorter
 * than the contract allows, none at all where one is required, an unresolved alias), so that a weak
 * or missing secret is found by whoever deploys, not by an attacker. A deployment problem is the
 * one failure CDI guarantees to abort the deployment with.
 */
public class SecretConfigurationCheck implements Extension {

  void checkKeys(@Observes AfterDeploymentValidation validation) {
    try {
      new ApiKeys(ConfigProvider.getConfig());
    } catch (IllegalArgumentException invalidKeys) {
      validation.addDeploymentProblem(invalidKeys);
    }
    try {
      new DeliverySignatures(ConfigProvider.getConfig());
    } catch (IllegalArgumentException invalidSecrets) {
      validation.addDeploymentProblem(invalidSecrets);
    }
  }
}
