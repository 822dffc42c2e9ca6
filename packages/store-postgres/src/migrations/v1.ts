/**
 * Migration 1: the tables of the `@capchain/store` state, with the semantics
 * of the SQLite store's schema version 2 (settled reservation ids kept), and
 * the two functions that make a reservation and settle one, each in a single
 * statement (one round trip, atomic on its own).
 *
 * Every amount is a bigint checked non-negative by the database as well; the
 * stores keep every total at or below 2^53 − 1, so each reads back exactly as
 * a JavaScript number.
 */
export const V1 = `
-- Consumption per capped delegation, open reservations included. A row with
-- zero usage means the same as no row (a refused first reservation may leave one).
CREATE TABLE cap_usage (
  cid   text PRIMARY KEY,
  bytes bigint NOT NULL CHECK (bytes >= 0),
  uses  bigint NOT NULL CHECK (uses >= 0)
);

-- Reservations not yet committed or refunded, and the caps each one charged.
CREATE TABLE reservations (
  id         text PRIMARY KEY,
  bytes      bigint NOT NULL CHECK (bytes >= 0),
  uses       bigint NOT NULL CHECK (uses >= 0),
  created_at bigint NOT NULL
);
CREATE TABLE reservation_caps (
  reservation text NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
  cid         text NOT NULL REFERENCES cap_usage (cid),
  PRIMARY KEY (reservation, cid)
);

-- Ids of committed or refunded reservations: an id names one reservation, ever.
CREATE TABLE settled_reservations (
  id          text PRIMARY KEY,
  reserved_at bigint NOT NULL
);

-- Accepted revocations, append-only: one row per (revoked delegation, revoker).
CREATE TABLE revocations (
  cid        text NOT NULL,
  revoker    text NOT NULL,
  revoked_at bigint NOT NULL,
  invocation text NOT NULL,
  PRIMARY KEY (cid, revoker)
);

-- Executed invocation CIDs until the end of their validity window.
CREATE TABLE replay (
  cid        text PRIMARY KEY,
  expires_at bigint NOT NULL
);
CREATE INDEX replay_expiry ON replay (expires_at);

-- Reserve: the id first (its primary key serializes two requests with one id,
-- and a settle racing this one), then every cap row locked in cid order (one
-- order for every caller, so two reservations never deadlock), then every cap
-- checked in request order against the locked rows, and only then charged.
-- Returns 'ok', 'duplicate', 'reused', or 'exhausted' with the first cap it
-- would overrun. A refusal writes nothing (the zero rows of new caps aside).
CREATE FUNCTION capchain_reserve(
  p_id text, p_bytes bigint, p_uses bigint, p_at bigint,
  p_cids text[], p_byte_limits bigint[], p_use_limits bigint[]
) RETURNS TABLE (outcome text, cid text, dimension text, cap_limit bigint, used bigint)
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
  cap cap_usage%ROWTYPE;
BEGIN
  INSERT INTO reservations (id, bytes, uses, created_at) VALUES (p_id, p_bytes, p_uses, p_at) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'duplicate', NULL::text, NULL::text, NULL::bigint, NULL::bigint;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM settled_reservations s WHERE s.id = p_id) THEN
    DELETE FROM reservations r WHERE r.id = p_id;
    RETURN QUERY SELECT 'reused', NULL::text, NULL::text, NULL::bigint, NULL::bigint;
    RETURN;
  END IF;
  INSERT INTO cap_usage (cid, bytes, uses) SELECT c, 0, 0 FROM unnest(p_cids) AS c ORDER BY c ON CONFLICT DO NOTHING;
  PERFORM 1 FROM cap_usage u WHERE u.cid = ANY (p_cids) ORDER BY u.cid FOR UPDATE;
  FOR i IN 1 .. coalesce(array_length(p_cids, 1), 0) LOOP
    SELECT * INTO cap FROM cap_usage u WHERE u.cid = p_cids[i];
    IF cap.uses + p_uses > p_use_limits[i] THEN
      DELETE FROM reservations r WHERE r.id = p_id;
      RETURN QUERY SELECT 'exhausted', p_cids[i], 'uses', p_use_limits[i], cap.uses;
      RETURN;
    END IF;
    IF cap.bytes + p_bytes > p_byte_limits[i] THEN
      DELETE FROM reservations r WHERE r.id = p_id;
      RETURN QUERY SELECT 'exhausted', p_cids[i], 'bytes', p_byte_limits[i], cap.bytes;
      RETURN;
    END IF;
  END LOOP;
  UPDATE cap_usage u SET bytes = u.bytes + p_bytes, uses = u.uses + p_uses WHERE u.cid = ANY (p_cids);
  INSERT INTO reservation_caps (reservation, cid) SELECT p_id, c FROM unnest(p_cids) AS c;
  RETURN QUERY SELECT 'ok', NULL::text, NULL::text, NULL::bigint, NULL::bigint;
END
$$;

-- Settle: the reservation row locked first (a second settle of the same id
-- waits, then finds it gone), its cap rows locked in cid order (the order
-- capchain_reserve uses), then the refund given back and the id kept as
-- settled. p_final NULL keeps every reserved byte; p_refund_uses gives the use
-- back too (a refund). Returns 'ok', 'unknown', or 'over' (p_final above the
-- reserved bytes; nothing written) with the reserved bytes.
CREATE FUNCTION capchain_settle(p_id text, p_final bigint, p_refund_uses boolean)
RETURNS TABLE (outcome text, reserved bigint)
LANGUAGE plpgsql AS $$
DECLARE
  held reservations%ROWTYPE;
BEGIN
  SELECT * INTO held FROM reservations r WHERE r.id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'unknown', NULL::bigint;
    RETURN;
  END IF;
  IF p_final > held.bytes THEN
    RETURN QUERY SELECT 'over', held.bytes;
    RETURN;
  END IF;
  PERFORM 1 FROM cap_usage u WHERE u.cid IN (SELECT rc.cid FROM reservation_caps rc WHERE rc.reservation = p_id) ORDER BY u.cid FOR UPDATE;
  UPDATE cap_usage u
    SET bytes = u.bytes - (held.bytes - coalesce(p_final, held.bytes)),
        uses = u.uses - CASE WHEN p_refund_uses THEN held.uses ELSE 0 END
    WHERE u.cid IN (SELECT rc.cid FROM reservation_caps rc WHERE rc.reservation = p_id);
  DELETE FROM reservations r WHERE r.id = p_id;
  INSERT INTO settled_reservations (id, reserved_at) VALUES (p_id, held.created_at);
  RETURN QUERY SELECT 'ok', held.bytes;
END
$$;
`
