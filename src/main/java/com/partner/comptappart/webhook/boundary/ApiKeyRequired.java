package com.partner.comptappart.webhook.boundary;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Marks the resources that only ComptAppart, presenting a configured X-API-KEY, may call. */
@NameBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface ApiKeyRequired {}
