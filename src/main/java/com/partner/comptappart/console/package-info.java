/**
 * The ops console: a page served by the WAR at {@code /ops/}, a client of the ops API, and the
 * overview it opens with (deliveries per minute, what needs ops, the database and the spool).
 */
package com.partner.comptappart.console;
