import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeContainer, decodeToken, generateSigner } from '@capchain/core'
import type { KeyType, Signer, Token } from '@capchain/core'
import { writeKeyFile } from '../src/io/key-file.js'

/** A fresh temporary directory for one test file. */
export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `capchain-${name}-`))
}

/** A principal with its key file written in `dir` (the same code `keygen` runs, without a subprocess). */
export async function keyFile(dir: string, name: string, keyType: KeyType = 'Ed25519'): Promise<{ signer: Signer; file: string }> {
  const signer = await generateSigner(keyType)
  const file = join(dir, `${name}.key`)
  await writeKeyFile(file, signer, { force: false })
  return { signer, file }
}

/** The tokens of a container as the CLI prints it, decoded. */
export function containerTokens(text: string): Token[] {
  return decodeContainer(new TextEncoder().encode(text.trim())).tokens.map((bytes) => decodeToken(bytes))
}

/** Unix seconds now. */
export const now = (): number => Math.floor(Date.now() / 1000)
