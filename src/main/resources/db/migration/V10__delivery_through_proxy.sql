-- Whether a delivery reached the receiver through one of comptappart.trusted-proxies (the
-- company's reverse proxy), for the go-live evidence of the ops console's Integration page.
-- Unknown (NULL) for the deliveries recorded before this column existed.
ALTER TABLE delivery ADD COLUMN through_proxy BOOLEAN;
