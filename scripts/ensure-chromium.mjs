// The browser test drives Debian's Chromium (never a downloaded browser).
// `pnpm test` calls this first, so the README's one test command works on a
// fresh machine: where Chromium is missing and we are root with apt, install it.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = '/usr/bin/chromium'

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`error: ${CHROMIUM} is missing; install Debian's chromium (apt-get install -y chromium) to run the browser test`)
    process.exit(1)
  }
  console.error(`${CHROMIUM} is missing: installing Debian's chromium with apt-get…`)
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'inherit', 'inherit'] })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
}
