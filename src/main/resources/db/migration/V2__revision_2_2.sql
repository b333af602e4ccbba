-- Contract revision 2.2: subscriptions, renewals, coverage, tiered prices, signed deliveries.

ALTER TABLE customer_order ADD COLUMN is_subscription BOOLEAN;
ALTER TABLE customer_order ADD COLUMN invoice_pdf_filename VARCHAR(255);
-- Which configured signing secret verified the delivery (1 = first); never the secret itself.
ALTER TABLE customer_order ADD COLUMN signature_secret SMALLINT;

ALTER TABLE product_line ADD COLUMN amount NUMERIC;

CREATE TABLE price_tier (
    product_line_id     BIGINT        NOT NULL REFERENCES product_line (id),
    tier_number         INTEGER       NOT NULL,
    description         VARCHAR(1000) NOT NULL,
    quantity            INTEGER       NOT NULL,
    unit_price          NUMERIC       NOT NULL,
    amount              NUMERIC       NOT NULL,
    PRIMARY KEY (product_line_id, tier_number)
);

-- One row per (property, fiscal year) a payment covers: what the partner must activate.
CREATE TABLE covered_year (
    customer_order_id     BIGINT        NOT NULL REFERENCES customer_order (id),
    entry_number          INTEGER       NOT NULL,
    fiscal_year           INTEGER       NOT NULL,
    property_external_id  VARCHAR(255)  NOT NULL,
    property_name         VARCHAR(1000),
    -- The buyer created the property on the payment page (sender id qlw_…): unknown to the partner.
    new_property          BOOLEAN       NOT NULL,
    PRIMARY KEY (customer_order_id, entry_number)
);

CREATE INDEX covered_year_property_ix ON covered_year (property_external_id, fiscal_year);
