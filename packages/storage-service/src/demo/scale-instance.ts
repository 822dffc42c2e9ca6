/**
 * One instance of the storage service as a process of its own (the bin,
 * `capchain-storage`), as a load balancer would see it: for `pnpm
 * demo:scale` and the multi-instance tests, which must be able to kill one
 * with SIGKILL mid-request.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { DID } from '@capchain/core/principal'

export interface InstanceOptions {
  /** How to run the bin: the executable and its first arguments (node and `dist/bin.js`, or tsx and `src/bin.ts`). */
  readonly command: readonly [string, ...string[]]
  /** Working directory of the process. */
  readonly cwd?: string
  /** This instance's own data directory (nothing in it is shared). */
  readonly dataDir: string
  /** The PostgreSQL store every instance shares. */
  readonly storeUrl: string
  /** The files directory every instance shares. */
  readonly filesDir: string
  /** The service key every instance shares: a key file's path, or its text (passed as `CAPCHAIN_SERVICE_KEY`). */
  readonly key: { readonly file: string } | { readonly text: string }
  /** The SIWE domain every instance accepts: the name clients reach the service by, behind a load balancer. */
  readonly domain: string
}

export interface Instance {
  readonly url: string
  readonly did: DID
  readonly process: ChildProcess
  /** Resolves with the exit code (or signal) once the process ended. */
  readonly exited: Promise<number | NodeJS.Signals | null>
  /** Ask it to stop (SIGTERM) and wait until it did. */
  stop(): Promise<void>
}

/**
 * Start one instance on an ephemeral loopback port; resolves once it listens.
 * @throws {Error} the process exited before it listened (its standard error in the message)
 */
export function startInstance(options: InstanceOptions): Promise<Instance> {
  const [executable, ...first] = options.command
  const args = [
    ...first,
    ...['--data', options.dataDir, '--port', '0', '--files', options.filesDir, '--domain', options.domain, '--log-format', 'off', '--no-web'],
    ...('file' in options.key ? ['--key-file', options.key.file] : []),
  ]
  // The store URL goes in the environment, not the arguments: it may hold a password, and arguments are public.
  // An empty CAPCHAIN_SERVICE_KEY is unset: one inherited from this process must not meet --key-file.
  const env = { ...process.env, CAPCHAIN_STORE_URL: options.storeUrl, CAPCHAIN_SERVICE_KEY: 'text' in options.key ? options.key.text : '' }
  const child = spawn(executable, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)))
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  return new Promise((resolve, reject) => {
    let url: string | undefined
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      url ??= /^capchain storage service at (\S+)$/.exec(line)?.[1]
      const did = /^DID (\S+)$/.exec(line)?.[1]
      if (url === undefined || did === undefined) return
      lines.close()
      resolve({
        url,
        did: did as DID,
        process: child,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          await exited
        },
      })
    })
    void exited.then((code) => reject(new Error(`the instance exited (${String(code)}) before it listened: ${stderr.trim()}`)))
  })
}
