package com.partner.comptappart.webhook.boundary;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks the resources whose body must carry a valid {@code X-Qlower-Signature} when signing secrets
 * are configured (contract revision 2.2).
 */
@NameBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface SignatureRequired {}
