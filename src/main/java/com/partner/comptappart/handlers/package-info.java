/**
 * Partner work after an order's commit, done at least once: each {@code StoredOrderHandler} gets a
 * run recorded in the order's transaction, retried with backoff, visible to ops and run again by
 * them.
 */
package com.partner.comptappart.handlers;
