/**
 * Migration 2: periodic caps and named amounts, with the semantics of the
 * SQLite store's schema version 3. Usage is kept per (cap, window start),
 * window 0 being a cap without a period (version 1's totals and open
 * reservations move there); named amounts are NUMERIC(78,0), which holds
 * every uint256 exactly, and the database refuses one at or above 2^256.
 *
 * Both functions stay one statement per call, and lock as version 1 did:
 * the reservation id's row, then the caps' window rows in cid order (a
 * request has one window per cap). Amount rows are only written under their
 * window row's lock, so they need no lock of their own.
 */
export const V2 = `
CREATE DOMAIN capchain_uint256 AS numeric(78, 0)
  CHECK (VALUE >= 0 AND VALUE < 115792089237316195423570985008687907853269984665640564039457584007913129639936);

CREATE TABLE cap_windows (
  cid          text NOT NULL,
  window_start bigint NOT NULL CHECK (window_start >= 0),
  bytes        bigint NOT NULL CHECK (bytes >= 0),
  uses         bigint NOT NULL CHECK (uses >= 0),
  PRIMARY KEY (cid, window_start)
);
-- A name's total in a window; no row means zero.
CREATE TABLE cap_amounts (
  cid          text NOT NULL,
  window_start bigint NOT NULL,
  name         text NOT NULL,
  amount       capchain_uint256 NOT NULL,
  PRIMARY KEY (cid, window_start, name),
  FOREIGN KEY (cid, window_start) REFERENCES cap_windows (cid, window_start)
);
CREATE TABLE reservation_windows (
  reservation  text NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
  cid          text NOT NULL,
  window_start bigint NOT NULL,
  PRIMARY KEY (reservation, cid),
  FOREIGN KEY (cid, window_start) REFERENCES cap_windows (cid, window_start)
);
CREATE TABLE reservation_amounts (
  reservation text NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
  name        text NOT NULL,
  amount      capchain_uint256 NOT NULL,
  PRIMARY KEY (reservation, name)
);
INSERT INTO cap_windows (cid, window_start, bytes, uses) SELECT cid, 0, bytes, uses FROM cap_usage;
INSERT INTO reservation_windows (reservation, cid, window_start) SELECT reservation, cid, 0 FROM reservation_caps;
DROP FUNCTION capchain_reserve(text, bigint, bigint, bigint, text[], bigint[], bigint[]);
DROP FUNCTION capchain_settle(text, bigint, boolean);
DROP TABLE reservation_caps;
DROP TABLE cap_usage;

-- Reserve, as version 1, on the window of each cap (p_windows[i]) and with
-- named amounts: p_amounts[j] of p_names[j] charged to every cap, limited by
-- p_amount_limits[(i - 1) * #names + j] for cap i. Returns 'ok', 'duplicate',
-- 'reused', or 'exhausted' with the first cap and dimension it would overrun.
CREATE FUNCTION capchain_reserve(
  p_id text, p_bytes bigint, p_uses bigint, p_at bigint,
  p_cids text[], p_windows bigint[], p_byte_limits bigint[], p_use_limits bigint[],
  p_names text[], p_amounts numeric[], p_amount_limits numeric[]
) RETURNS TABLE (outcome text, cid text, dimension text, name text, cap_limit numeric, used numeric)
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
  j integer;
  m integer := coalesce(array_length(p_names, 1), 0);
  cap cap_windows%ROWTYPE;
  spent numeric;
BEGIN
  INSERT INTO reservations (id, bytes, uses, created_at) VALUES (p_id, p_bytes, p_uses, p_at) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'duplicate', NULL::text, NULL::text, NULL::text, NULL::numeric, NULL::numeric;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM settled_reservations s WHERE s.id = p_id) THEN
    DELETE FROM reservations r WHERE r.id = p_id;
    RETURN QUERY SELECT 'reused', NULL::text, NULL::text, NULL::text, NULL::numeric, NULL::numeric;
    RETURN;
  END IF;
  INSERT INTO cap_windows (cid, window_start, bytes, uses)
    SELECT c, w, 0, 0 FROM unnest(p_cids, p_windows) AS t (c, w) ORDER BY c ON CONFLICT DO NOTHING;
  PERFORM 1 FROM cap_windows cw JOIN unnest(p_cids, p_windows) AS t (c, w) ON cw.cid = t.c AND cw.window_start = t.w
    ORDER BY cw.cid FOR UPDATE OF cw;
  FOR i IN 1 .. coalesce(array_length(p_cids, 1), 0) LOOP
    SELECT * INTO cap FROM cap_windows cw WHERE cw.cid = p_cids[i] AND cw.window_start = p_windows[i];
    IF cap.uses + p_uses > p_use_limits[i] THEN
      DELETE FROM reservations r WHERE r.id = p_id;
      RETURN QUERY SELECT 'exhausted', p_cids[i], 'uses', NULL::text, p_use_limits[i]::numeric, cap.uses::numeric;
      RETURN;
    END IF;
    IF cap.bytes + p_bytes > p_byte_limits[i] THEN
      DELETE FROM reservations r WHERE r.id = p_id;
      RETURN QUERY SELECT 'exhausted', p_cids[i], 'bytes', NULL::text, p_byte_limits[i]::numeric, cap.bytes::numeric;
      RETURN;
    END IF;
    FOR j IN 1 .. m LOOP
      SELECT coalesce(max(a.amount), 0) INTO spent FROM cap_amounts a
        WHERE a.cid = p_cids[i] AND a.window_start = p_windows[i] AND a.name = p_names[j];
      IF spent + p_amounts[j] > p_amount_limits[(i - 1) * m + j] THEN
        DELETE FROM reservations r WHERE r.id = p_id;
        RETURN QUERY SELECT 'exhausted', p_cids[i], 'amount', p_names[j], p_amount_limits[(i - 1) * m + j], spent;
        RETURN;
      END IF;
    END LOOP;
  END LOOP;
  UPDATE cap_windows cw SET bytes = cw.bytes + p_bytes, uses = cw.uses + p_uses
    FROM unnest(p_cids, p_windows) AS t (c, w) WHERE cw.cid = t.c AND cw.window_start = t.w;
  INSERT INTO cap_amounts (cid, window_start, name, amount)
    SELECT t.c, t.w, u.n, u.a FROM unnest(p_cids, p_windows) AS t (c, w) CROSS JOIN unnest(p_names, p_amounts) AS u (n, a)
    WHERE u.a <> 0
    ON CONFLICT ON CONSTRAINT cap_amounts_pkey DO UPDATE SET amount = cap_amounts.amount + excluded.amount;
  INSERT INTO reservation_windows (reservation, cid, window_start) SELECT p_id, t.c, t.w FROM unnest(p_cids, p_windows) AS t (c, w);
  INSERT INTO reservation_amounts (reservation, name, amount) SELECT p_id, u.n, u.a FROM unnest(p_names, p_amounts) AS u (n, a) WHERE u.a <> 0;
  RETURN QUERY SELECT 'ok', NULL::text, NULL::text, NULL::text, NULL::numeric, NULL::numeric;
END
$$;

-- Settle, as version 1, in the windows the reservation charged: a commit
-- gives back unused bytes, a refund (p_refund_uses) the bytes, the use and
-- every amount; an amount's total that reaches zero loses its row.
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
  PERFORM 1 FROM cap_windows cw JOIN reservation_windows rw ON rw.cid = cw.cid AND rw.window_start = cw.window_start
    WHERE rw.reservation = p_id ORDER BY cw.cid FOR UPDATE OF cw;
  UPDATE cap_windows cw
    SET bytes = cw.bytes - (held.bytes - coalesce(p_final, held.bytes)),
        uses = cw.uses - CASE WHEN p_refund_uses THEN held.uses ELSE 0 END
    FROM reservation_windows rw WHERE rw.reservation = p_id AND cw.cid = rw.cid AND cw.window_start = rw.window_start;
  IF p_refund_uses THEN
    UPDATE cap_amounts a SET amount = a.amount - ra.amount
      FROM reservation_windows rw JOIN reservation_amounts ra ON ra.reservation = rw.reservation
      WHERE rw.reservation = p_id AND a.cid = rw.cid AND a.window_start = rw.window_start AND a.name = ra.name;
    DELETE FROM cap_amounts a USING reservation_windows rw
      WHERE rw.reservation = p_id AND a.cid = rw.cid AND a.window_start = rw.window_start AND a.amount = 0;
  END IF;
  DELETE FROM reservations r WHERE r.id = p_id;
  INSERT INTO settled_reservations (id, reserved_at) VALUES (p_id, held.created_at);
  RETURN QUERY SELECT 'ok', held.bytes;
END
$$;
`
