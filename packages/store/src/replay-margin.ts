/**
 * Seconds a replay record is kept past the end of its window by default:
 * the verifier's `DEFAULT_CLOCK_SKEW`. Instances sharing a store disagree on
 * the time by up to the skew they accept; an instance whose clock runs ahead
 * must not delete (or take over) a record that one running behind still
 * needs to refuse a replay.
 */
export const DEFAULT_REPLAY_MARGIN = 60
