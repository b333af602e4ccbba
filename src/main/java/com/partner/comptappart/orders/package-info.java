/**
 * Paid orders notified by ComptAppart, stored once per event with everything the partner's own
 * processes need (customer, products, custom fields, invoice and the raw notification).
 */
package com.partner.comptappart.orders;
