import { fromString } from 'uint8arrays/from-string'

/** Bytes from a fixture: DAG-JSON `{"/": {"bytes": "…"}}` or a plain base64 string, padded or not. */
export function fixtureBytes(value: unknown): Uint8Array {
  const text =
    typeof value === 'string'
      ? value
      : ((value as { '/'?: { bytes?: unknown } } | null)?.['/']?.bytes as string | undefined)
  if (typeof text !== 'string') throw new Error('expected bytes as {"/": {"bytes": "<base64>"}} or a base64 string')
  return fromString(text.replace(/=+$/, ''), 'base64')
}
