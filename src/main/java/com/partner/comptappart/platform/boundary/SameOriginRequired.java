package com.partner.comptappart.platform.boundary;

import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks the ops calls that change something (a replay): refused when they come from another site,
 * since a browser would send an ops user's cached BASIC credentials along.
 */
@NameBinding
@Retention(RUNTIME)
@Target({java.lang.annotation.ElementType.TYPE, java.lang.annotation.ElementType.METHOD})
public @interface SameOriginRequired {}
