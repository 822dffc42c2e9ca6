import { Worker } from 'node:worker_threads'

/**
 * A worker thread running the module `name` of this package: its build next
 * to this module, or, when this runs from source (the tests), its source
 * through tsx.
 */
export function startWorker(name: string, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData })
  const source = new URL(`./${name}.ts`, import.meta.url).href
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`
  return new Worker(code, { eval: true, workerData })
}
