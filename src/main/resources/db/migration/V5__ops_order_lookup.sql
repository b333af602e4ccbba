-- Ops find an order by the sender's order id (every event of it: creation, renewals) or by the
-- invoice number a customer reads out on the phone.
CREATE INDEX customer_order_order_id ON customer_order (order_id);
CREATE INDEX customer_order_invoice_number ON customer_order (invoice_number);
