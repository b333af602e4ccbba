/**
 * The HTTP face ComptAppart's notifier calls: API-key check, body limits, strict parsing and
 * validation of a notification, and the answer the sender acts on (deliver, retry or give up).
 */
package com.partner.comptappart.webhook;
