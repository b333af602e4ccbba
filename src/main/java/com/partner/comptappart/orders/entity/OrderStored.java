package com.partner.comptappart.orders.entity;

/**
 * The CDI event partner code reacts to when an order is stored. It is fired twice:
 *
 * <ul>
 *   <li>synchronously, inside the order's transaction ({@code @Observes OrderStored}): work that
 *       must succeed with the order. An observer that throws rolls the order back and the sender
 *       gets a 500, so it retries: no order is ever marked done half-processed;
 *   <li>asynchronously, after commit ({@code @ObservesAsync OrderStored}): slow work that must not
 *       hold the sender's request (e-mails, provisioning; the receiver archives the invoice
 *       itself).
 * </ul>
 *
 * <p>Work that must be done after the commit at least once is a {@code StoredOrderHandler}'s.
 *
 * @param order the stored order; managed by the transaction for synchronous observers, detached for
 *     asynchronous ones
 * @param deliveryId the id of the delivery that stored it, in the delivery log (the ops API's
 *     {@code /api/ops/deliveries/{id}})
 */
public record OrderStored(CustomerOrder order, long deliveryId) {}
