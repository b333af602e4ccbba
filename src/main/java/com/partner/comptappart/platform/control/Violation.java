package com.partner.comptappart.platform.control;

/**
 * One reason a request was refused, tied to the JSON path of the field at fault.
 *
 * @param field the path in the body, e.g. {@code order.products[0].quantity}
 * @param message what is wrong with it, never the value itself (it may be personal data)
 */
public record Violation(String field, String message) {}
