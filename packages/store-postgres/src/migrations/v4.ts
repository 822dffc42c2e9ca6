import { V2 } from './v2.js'
import { V3 } from './v3.js'

// Migration 2's functions (everything after its table changes) and migration 3's: released entries never change, so this text is fixed.
const UNVERSIONED = V2.slice(V2.indexOf('-- Reserve, as version 1')) + V3

/**
 * Migration 4: the functions of migrations 2 and 3, unchanged, under
 * versioned names (`capchain_reserve_v4`, `capchain_settle_v4`,
 * `capchain_admit_v4`), so that rolling upgrades work: a later migration
 * adds `_v5` functions and never replaces a function in place, so an
 * instance still running older code keeps calling the functions it was
 * built for. The unversioned functions stay for instances of release 3
 * until an operator drops them (`migrate --drop-old`) once every instance
 * runs this release or a later one. No table changes; an index on the
 * settled ids' age, for `sweep`.
 */
export const V4 = `${UNVERSIONED.replace(/\bcapchain_(reserve|settle|admit)\(/g, 'capchain_$1_v4(')}
-- The sweep finds settled ids by age without reading every one.
CREATE INDEX settled_reserved_at ON settled_reservations (reserved_at);
`
