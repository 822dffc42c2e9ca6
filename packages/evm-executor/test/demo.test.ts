/** `pnpm demo:evm` tells its whole story with every outcome as expected. */
import { expect, it } from 'vitest'
import { runEvmDemo } from '../src/demo/run.js'

it('runs the EVM demo: one sign-in through the client for storage and EVM, two grants to the bot, every near miss refused with its reason, at most 2 items, revoked, the allowance back the next day, replayed, stolen, expired; balances read from the EVM', async () => {
  const lines: string[] = []
  expect(await runEvmDemo((line) => void lines.push(line))).toBe(0)
  const text = lines.join('\n')
  // The one prompt, in words: the storage sign-in and the EVM ability's description, then the ReCap text naming both.
  expect(text).toMatch(/it shows: “Sign in to the storage service at shop\.example\. Send transactions from the account 0x[0-9a-f]{40} on eip155:1, as far as each grant of this session allows\. .*'evm': 'call'.*'storage': '\*'/)
  // Each numbered step is followed by its outcome line: `✔ executed…` or `✘ denied <status> <code>…`.
  const outcomes = lines.flatMap((line, i) => (/^\s*\d+\. /.test(line) ? [lines[i + 1]!.trim()] : [])).map((outcome) => (outcome.startsWith('✔') ? 'allow' : outcome.split(' ')[3]))
  expect(outcomes).toEqual([
    'allow', // item 1
    'allow', // 30 USDC
    'ERR_POLICY_VIOLATION', // another contract
    'ERR_POLICY_VIOLATION', // another function
    'ERR_POLICY_VIOLATION', // another recipient
    'ERR_EVM_LIMIT', // 0.2 ETH a call
    'allow', // 20 USDC
    'ERR_CAP_WINDOW_EXCEEDED', // 51 USDC today
    'allow', // the second item
    'ERR_CAP_EXCEEDED', // a third item
    'ERR_REVOKED', // after revocation
    'allow', // 1 USDC the next day
    'ERR_REPLAY', // the same request again
    'ERR_PRINCIPAL_MISALIGNED', // another key with the bot's grants
    'ERR_REVOKED', // still revoked
    'ERR_ROOT_REJECTED', // past "tomorrow": the session's SIWE root expired
  ])
  expect(text).toContain('the SIWE root expired at')
  expect(text).toContain("revokes the bot's shop grant with the client (POST /revoke, no prompt: recorded)")
  expect(text).toContain('account 4.9 ETH and 949 USDC, shop 0.1 ETH and 51 USDC')
  expect(lines.at(-1)).toBe('every outcome was the expected one')
}, 60_000)
