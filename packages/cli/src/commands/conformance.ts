import type { Command } from 'commander'
import { runFixtureFile } from '../conformance/run-file.js'
import type { CaseResult } from '../conformance/interface.js'
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js'
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
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  capchain conformance ../shared/vectors/ucan-1.0.0/*.json\n  capchain conformance test-vectors/*.json')
    .action(async (files: string[], options: { json?: boolean }) => {
      const results: CaseResult[] = []
      for (const file of files) results.push(...(await runFixtureFile(file)))
      const passed = results.filter((r) => r.ok).length
      const failed = results.length - passed
      if (options.json) {
        context.out(JSON.stringify({ passed, failed, cases: results }, null, 2))
      } else {
        for (const r of results) {
          context.out(r.ok ? `${paint('green', 'ok')}   ${r.name}` : `${paint('red', 'FAIL')} ${r.name} — ${r.detail}`)
        }
        context.out(`${passed} passed, ${failed} failed`)
      }
      context.exit(failed === 0 && results.length > 0 ? EXIT_OK : EXIT_DENIED)
    })
}
