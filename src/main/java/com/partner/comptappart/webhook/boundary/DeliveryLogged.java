package com.partner.comptappart.webhook.boundary;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Marks the resources whose every request is written to the delivery log. */
@NameBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface DeliveryLogged {}
