package com.partner.comptappart.invoices.entity;

/** Where an invoice document stands; only {@link #WAITING} changes again. */
public enum ArchiveState {
  /** Not archived yet: fetched right after the order's commit, then retried until it expires. */
  WAITING,
  /** Its bytes are kept (a PDF, or a revision 2.2 HTML receipt page, flagged as such). */
  ARCHIVED,
  /** Its link is not one we fetch (scheme, host, address, size): never fetched, or given up. */
  REFUSED,
  /** Its link's lifetime passed without a successful fetch. */
  EXPIRED
}
