package com.partner.comptappart.invoices.control;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fails the deployment when the invoice link policy is unusable: private addresses allowed in
 * production (a setting for tests, which would let a forged link reach internal services).
 */
public class InvoiceConfigurationCheck implements Extension {

  void checkLinkPolicy(@Observes AfterDeploymentValidation validation) {
    try {
      InvoiceLinkPolicy.from(ConfigProvider.getConfig());
    } catch (IllegalArgumentException unsafe) {
      validation.addDeploymentProblem(unsafe);
    }
  }
}
