/**
 * Migration 3: `capchain_admit`, a request's revocation check, replay claim
 * and reservation in one statement (one round trip, one transaction). No
 * table changes.
 *
 * In order, each statement with its own READ COMMITTED snapshot:
 *  1. the revocations: the first link (p_links, chain order) of which one
 *     of its revokers' (cid, revoker) pair is recorded; a revocation
 *     committed before the call is seen;
 *  2. the claim, the replay upsert `claim` runs: its primary key makes a
 *     concurrent claim of the same CID wait for this transaction, then find
 *     the row and change nothing;
 *  3. with a reservation id (p_id), `capchain_reserve` itself (the reservation id's row,
 *     then the caps' window rows in cid order, locked while checked and
 *     charged); an exhausted cap keeps the claim (an invocation is decided
 *     once: re-sent after the window turns it is still a replay), an
 *     error outcome ('duplicate', 'reused') deletes the claim just made (a
 *     row taken over was one a sweep could delete), and neither commits a
 *     reservation, as `capchain_reserve` ensures.
 * Locks are taken replay row, reservation row, cap rows; nothing takes them
 * in another order, so admissions and settlements cannot deadlock.
 */
export const V3 = `
CREATE FUNCTION capchain_admit(
  p_links integer[], p_link_cids text[], p_revokers text[],
  p_cid text, p_expires_at bigint, p_margin bigint, p_now bigint,
  p_id text, p_bytes bigint, p_uses bigint, p_at bigint,
  p_cids text[], p_windows bigint[], p_byte_limits bigint[], p_use_limits bigint[],
  p_names text[], p_amounts numeric[], p_amount_limits numeric[]
) RETURNS TABLE (outcome text, link integer, cid text, dimension text, name text, cap_limit numeric, used numeric)
LANGUAGE plpgsql AS $$
DECLARE
  revoked integer;
  reserved record;
BEGIN
  SELECT min(t.l) INTO revoked FROM unnest(p_links, p_link_cids, p_revokers) AS t (l, c, r)
    WHERE EXISTS (SELECT 1 FROM revocations v WHERE v.cid = t.c AND v.revoker = t.r);
  IF revoked IS NOT NULL THEN
    RETURN QUERY SELECT 'revoked', revoked, NULL::text, NULL::text, NULL::text, NULL::numeric, NULL::numeric;
    RETURN;
  END IF;
  INSERT INTO replay (cid, expires_at) VALUES (p_cid, p_expires_at)
    ON CONFLICT ON CONSTRAINT replay_pkey DO UPDATE SET expires_at = excluded.expires_at WHERE replay.expires_at + p_margin < p_now;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'replayed', NULL::integer, NULL::text, NULL::text, NULL::text, NULL::numeric, NULL::numeric;
    RETURN;
  END IF;
  IF p_id IS NOT NULL THEN
    SELECT * INTO reserved FROM capchain_reserve(p_id, p_bytes, p_uses, p_at, p_cids, p_windows, p_byte_limits, p_use_limits,
      p_names, p_amounts, p_amount_limits);
    IF reserved.outcome <> 'ok' THEN
      IF reserved.outcome <> 'exhausted' THEN
        DELETE FROM replay r WHERE r.cid = p_cid;
      END IF;
      RETURN QUERY SELECT reserved.outcome, NULL::integer, reserved.cid, reserved.dimension, reserved.name, reserved.cap_limit, reserved.used;
      RETURN;
    END IF;
  END IF;
  RETURN QUERY SELECT 'ok', NULL::integer, NULL::text, NULL::text, NULL::text, NULL::numeric, NULL::numeric;
END
$$;
`
