-- Orders notified by ComptAppart. One SQL dialect for PostgreSQL and for H2 in PostgreSQL mode
-- (where NUMERIC without precision is an exact decimal that keeps the scale sent).
-- Sequences hand out blocks of 50 ids: EclipseLink reads each value as the end of its block.

CREATE SEQUENCE customer_order_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE product_line_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE customer_order (
    id                  BIGINT                   NOT NULL PRIMARY KEY,
    event_id            VARCHAR(255)             NOT NULL,
    event_type          VARCHAR(64)              NOT NULL,
    order_id            BIGINT                   NOT NULL,
    -- The sender's order id, set only for order.created: revision 2.1 deduplicates on it, while
    -- later event types (renewals) legitimately reuse an order id.
    created_order_id    BIGINT,
    event_timestamp     TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    environment         VARCHAR(32)              NOT NULL,
    first_name          VARCHAR(255),
    last_name           VARCHAR(255),
    email               VARCHAR(320)             NOT NULL,
    phone               VARCHAR(64),
    total_amount        NUMERIC                  NOT NULL,
    currency            CHAR(3)                  NOT NULL,
    payment_date        TIMESTAMP WITH TIME ZONE NOT NULL,
    invoice_number      VARCHAR(255)             NOT NULL,
    invoice_pdf_url     VARCHAR(2048)            NOT NULL,
    raw_body            BYTEA                    NOT NULL,
    CONSTRAINT customer_order_event_id_uk UNIQUE (event_id),
    CONSTRAINT customer_order_created_order_id_uk UNIQUE (created_order_id)
);

CREATE INDEX customer_order_order_id_ix ON customer_order (order_id);
CREATE INDEX customer_order_received_at_ix ON customer_order (received_at);

CREATE TABLE product_line (
    id                  BIGINT        NOT NULL PRIMARY KEY,
    customer_order_id   BIGINT        NOT NULL REFERENCES customer_order (id),
    line_number         INTEGER       NOT NULL,
    product_id          VARCHAR(255)  NOT NULL,
    product_name        VARCHAR(1000) NOT NULL,
    quantity            INTEGER       NOT NULL,
    unit_price          NUMERIC       NOT NULL,
    CONSTRAINT product_line_position_uk UNIQUE (customer_order_id, line_number)
);

CREATE TABLE custom_field (
    customer_order_id   BIGINT        NOT NULL REFERENCES customer_order (id),
    field_number        INTEGER       NOT NULL,
    field_key           VARCHAR(255)  NOT NULL,
    label               VARCHAR(1000),
    field_value         VARCHAR(4000) NOT NULL,
    PRIMARY KEY (customer_order_id, field_number)
);
