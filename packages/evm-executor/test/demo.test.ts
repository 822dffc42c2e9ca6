/** `pnpm demo:evm` tells its whole story with every outcome as expected. */
import { expect, it } from 'vitest'
import { runEvmDemo } from '../src/demo/run.js'

it('runs the EVM demo: one wallet sign-in, the bot within its grant, every near miss refused with its reason, the allowance back the next day, revoked; balances read from the EVM', async () => {
  const lines: string[] = []
  expect(await runEvmDemo((line) => void lines.push(line))).toBe(0)
  const text = lines.join('\n')
  expect(text).toContain('the wallet signs one SIWE message')
  for (const code of ['ERR_POLICY_VIOLATION', 'ERR_EVM_LIMIT', 'ERR_CAP_WINDOW_EXCEEDED', 'ERR_REVOKED']) expect(text).toContain(code)
  expect(text).toContain('account 4.95 ETH and 949 USDC, shop 0.05 ETH and 51 USDC')
  expect(lines.at(-1)).toBe('every outcome was the expected one')
}, 60_000)
