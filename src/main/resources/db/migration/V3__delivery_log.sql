-- Every request that reached the webhook, in a transaction of its own (a rolled-back order keeps
-- its record). The body is kept for every authenticated request, rejected ones included.

CREATE SEQUENCE delivery_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE delivery (
    id                BIGINT                   NOT NULL PRIMARY KEY,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    event_id          VARCHAR(255),
    event_type        VARCHAR(64),
    outcome           VARCHAR(32)              NOT NULL,
    status_code       INTEGER                  NOT NULL,
    error_code        VARCHAR(64),
    duration_ms       BIGINT                   NOT NULL,
    user_agent        VARCHAR(255),
    client_address    VARCHAR(64),
    signature_secret  SMALLINT,
    body              BYTEA,
    body_truncated    BOOLEAN                  NOT NULL,
    -- Set on a replay: the delivery whose stored body was processed again.
    replay_of         BIGINT REFERENCES delivery (id)
);

CREATE INDEX delivery_received_at_ix ON delivery (received_at);
CREATE INDEX delivery_event_id_ix ON delivery (event_id);
CREATE INDEX delivery_outcome_ix ON delivery (outcome, received_at);
