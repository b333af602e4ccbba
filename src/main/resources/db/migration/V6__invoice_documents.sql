-- The invoice document of each stored event, fetched after the order's commit while its link is
-- valid (24 h in revision 2.1, 7 days in 2.2) and kept here, so one backup holds orders and their
-- invoices. The row is written in the order's transaction (state WAITING), so an archive that has
-- not happened yet survives a restart or a kill; the receiver that claims a row (claimed_until, a
-- lease) is the only one to fetch it.
CREATE TABLE invoice_document (
    customer_order_id   BIGINT                   NOT NULL PRIMARY KEY REFERENCES customer_order (id),
    invoice_number      VARCHAR(255)             NOT NULL,
    event_id            VARCHAR(255)             NOT NULL,
    source_url          VARCHAR(2048)            NOT NULL,
    suggested_filename  VARCHAR(255),
    link_expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    state               VARCHAR(16)              NOT NULL,
    attempts            INTEGER                  NOT NULL,
    last_error          VARCHAR(300),
    next_attempt_at     TIMESTAMP WITH TIME ZONE,
    claimed_until       TIMESTAMP WITH TIME ZONE,
    content             BYTEA,
    content_type        VARCHAR(255),
    size_bytes          BIGINT,
    sha256              CHAR(64),
    html_receipt        BOOLEAN                  NOT NULL,
    fetched_at          TIMESTAMP WITH TIME ZONE,
    source_host         VARCHAR(255),
    -- 403/404 answers so far: S3 answers them for a link not valid (yet or any more).
    not_found_answers   INTEGER                  NOT NULL
);

CREATE INDEX invoice_document_number_ix ON invoice_document (invoice_number);
CREATE INDEX invoice_document_due_ix ON invoice_document (state, next_attempt_at);
