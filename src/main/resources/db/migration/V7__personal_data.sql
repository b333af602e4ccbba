-- Personal data on request: an order's buyer can be erased (names, e-mail and phone replaced by a
-- marker, its raw body removed) while its ids, amounts and invoice stay for accounting, and a
-- delivery's body can be removed while its record stays.
ALTER TABLE customer_order ALTER COLUMN raw_body DROP NOT NULL;
ALTER TABLE customer_order ADD COLUMN personal_data_erased_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE delivery ADD COLUMN body_purged_at TIMESTAMP WITH TIME ZONE;

-- One row per erasure request: when, by whom, what it changed, and a salted hash of the e-mail
-- (never the e-mail), so that a repeated request can be answered "already erased".
CREATE SEQUENCE erasure_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE erasure (
    id                        BIGINT                   NOT NULL PRIMARY KEY,
    erased_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    erased_by                 VARCHAR(255)             NOT NULL,
    email_hash                CHAR(64)                 NOT NULL,
    order_id                  BIGINT,
    orders_erased             INTEGER                  NOT NULL,
    delivery_bodies_removed   INTEGER                  NOT NULL
);

CREATE INDEX erasure_email_hash_ix ON erasure (email_hash);
