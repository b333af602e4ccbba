-- A delivery answered 503 because the database was away is processed again from its body once the
-- database is back (OutageRecovery), by one receiver of the cluster: the one that claims it here.
-- A claim older than its lease is taken again (the receiver that held it may have died).
ALTER TABLE delivery ADD COLUMN recovery_claimed_at TIMESTAMP WITH TIME ZONE;

-- "Has this delivery been replayed?" without reading the whole log.
CREATE INDEX delivery_replay_of_ix ON delivery (replay_of);
