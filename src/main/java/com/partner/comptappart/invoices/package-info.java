/**
 * Invoice documents: each stored order's invoice fetched from its short-lived link after the
 * order's commit, retried until the link expires, kept in the database and served to ops.
 */
package com.partner.comptappart.invoices;
