package com.partner.comptappart.platform.control;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Secrets read through MicroProfile Config, with the check Payara does not make. Payara reads a
 * {@code ${ALIAS=…}} whose password alias is missing as no value at all (it logs a SEVERE and goes
 * on), so a signing secret forgotten on one server would silently turn signature checks off. The
 * raw value still shows the reference: an unresolved one fails the deployment and names it.
 */
public final class ConfiguredSecrets {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(?:ALIAS|ENV)=[\\w.-]+}");

  private ConfiguredSecrets() {}

  public static Optional<List<String>> of(Config config, String property) {
    Optional<List<String>> values = config.getOptionalValues(property, String.class);
    ConfigValue configured = config.getConfigValue(property);
    String raw = configured == null ? null : configured.getRawValue();
    boolean resolved = values.map(list -> !list.isEmpty()).orElse(false);
    if (!resolved && raw != null && raw.contains("${")) {
      Matcher reference = REFERENCE.matcher(raw);
      throw new IllegalArgumentException(
          property
              + " refers to "
              + (reference.find() ? reference.group() : "a value")
              + ", which the server cannot resolve (missing password alias or environment"
              + " variable)");
    }
    return values;
  }
}
