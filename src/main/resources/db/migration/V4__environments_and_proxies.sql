-- Staging receives Stripe test-mode payments and "TEST" invoices: its orders are test orders.
ALTER TABLE customer_order ADD COLUMN test_order BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE customer_order SET test_order = (environment <> 'production');

-- The scheme the sender used, as the trusted reverse proxy reports it (https in production).
ALTER TABLE delivery ADD COLUMN scheme VARCHAR(8);
