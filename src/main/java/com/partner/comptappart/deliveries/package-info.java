/**
 * The delivery log: every request the webhook received, what we answered and the bytes it carried,
 * so that ops can find a delivery, explain it to the sender and replay it. Nothing is lost
 * silently.
 */
package com.partner.comptappart.deliveries;
