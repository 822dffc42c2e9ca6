import type { Command } from 'commander'
import { ConformanceFailedError } from '../conformance/failed-error.js'
import { runFixtureFile } from '../conformance/run-file.js'
import type { CaseResult } from '../conformance/interface.js'
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js'
import { errorToJson } from '../render/error.js'
import { paint } from '../render/style.js'
import type { CommandContext } from './context.js'

export function registerConformance(program: Command, context: CommandContext): void {
  program
    .command('conformance')
    .summary('run UCAN conformance fixture files')
    .description(
      'Run conformance fixture files: the ucan-wg/spec 1.0.0 formats (delegation, invocation and policy files, recognised by shape) and capchain\'s own vectors (test-vectors/*.json, recognised by their "format" field; see docs/conformance.md). Prints one line per case, then "N passed, M failed".',
    )
    .argument('<files...>', 'fixture JSON files')
    .option('--json', 'machine-readable output: {ok, error?, passed, failed, cases}')
    .addHelpText('after', '\nExample:\n  capchain conformance ../shared/vectors/ucan-1.0.0/*.json\n  capchain conformance test-vectors/*.json')
    .action(async (files: string[], options: { json?: boolean }) => {
      const results: CaseResult[] = []
      for (const file of files) results.push(...(await runFixtureFile(file)))
      const passed = results.filter((r) => r.ok).length
      const failed = results.length - passed
      const ok = failed === 0 && results.length > 0
      if (options.json) {
        const outcome = ok ? { ok } : { ok, error: errorToJson(new ConformanceFailedError(failed, results.length)) }
        context.out(JSON.stringify({ ...outcome, passed, failed, cases: results }, null, 2))
      } else {
        for (const r of results) {
          context.out(r.ok ? `${paint('green', 'ok')}   ${r.name}` : `${paint('red', 'FAIL')} ${r.name} — ${r.detail}`)
        }
        context.out(`${passed} passed, ${failed} failed`)
      }
      context.exit(ok ? EXIT_OK : EXIT_DENIED)
    })
}
