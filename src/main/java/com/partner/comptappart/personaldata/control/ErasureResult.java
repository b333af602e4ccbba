package com.partner.comptappart.personaldata.control;

import java.time.Instant;

/**
 * What an erasure request did.
 *
 * @param status {@code erased} (something was erased now), {@code already_erased} (nothing left,
 *     and an earlier request for this e-mail erased it) or {@code nothing_held}
 * @param ordersErased stored events whose buyer was erased now
 * @param deliveryBodiesRemoved delivery bodies removed now (the order's and refused ones)
 * @param firstErasedAt when this e-mail was first erased (this request or an earlier one)
 */
public record ErasureResult(
    String status, int ordersErased, int deliveryBodiesRemoved, Instant firstErasedAt) {}
