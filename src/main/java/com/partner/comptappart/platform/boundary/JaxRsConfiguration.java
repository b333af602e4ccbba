package com.partner.comptappart.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** All resources live under {@code /api}; the WAR is deployed at context root {@code /}. */
@ApplicationPath("api")
public class JaxRsConfiguration extends Application {}
