/**
 * Runtime plumbing shared by every component: JAX-RS activation, the single error-response shape
 * and who decides each status code, schema migration at deployment and database failure handling.
 */
package com.partner.comptappart.platform;
