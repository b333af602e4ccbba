package com.partner.comptappart.webhook.boundary;

/** The answer to a replay: the delivery recorded for it and the order concerned. */
public record ReplayView(long replayed, DeliveryView delivery, Long orderId) {}
