-- Partner work after an order's commit, done at least once: one row per stored order and partner
-- handler, written in the order's own transaction (an outbox), run after the commit, retried with
-- backoff until it succeeds or reaches the attempt limit (then FAILED, for ops to run again).
-- No foreign key to customer_order: retention deletes test orders, and their runs stay as a record.
CREATE SEQUENCE handler_run_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE handler_run (
    id               BIGINT                   NOT NULL PRIMARY KEY,
    order_row_id     BIGINT                   NOT NULL,
    order_id         BIGINT                   NOT NULL,
    event_id         VARCHAR(255)             NOT NULL,
    event_type       VARCHAR(64)              NOT NULL,
    delivery_id      BIGINT                   NOT NULL,
    handler          VARCHAR(128)             NOT NULL,
    state            VARCHAR(16)              NOT NULL,
    attempts         INTEGER                  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_at       TIMESTAMP WITH TIME ZONE,
    done_at          TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(500),
    CONSTRAINT handler_run_once UNIQUE (event_id, handler)
);

CREATE INDEX handler_run_due_ix ON handler_run (state, next_attempt_at);
CREATE INDEX handler_run_event_ix ON handler_run (event_id);
