import type { HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import type { ServiceContext } from './context.js'
import { deleteFile, FILES_PREFIX, getFile, getFileWithoutAuthorization, putFile } from './routes/files.js'
import { LIST_PREFIX, listFiles } from './routes/list.js'
import { revoke } from './routes/revoke.js'
import { webAsset } from './routes/web.js'
import { WEB_FILES } from './web/assets.js'

/** The service's routes (docs/service.md). */
export function createApp(service: ServiceContext): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  app.get('/info', (c) => c.json({ did: service.did, authorization: 'UCAN <container>' }))
  if (service.unauthorizedReadsOf !== undefined) {
    // The benchmarks' baseline: the same file-serving code with no authorization, and nothing else.
    app.get(`${FILES_PREFIX}/*`, getFileWithoutAuthorization(service, service.unauthorizedReadsOf))
    return app
  }
  for (const path of [FILES_PREFIX, `${FILES_PREFIX}/*`]) {
    app.put(path, putFile(service))
    app.get(path, getFile(service))
    app.delete(path, deleteFile(service))
  }
  app.get(LIST_PREFIX, listFiles(service))
  app.get(`${LIST_PREFIX}/*`, listFiles(service))
  app.post('/revoke', revoke(service))
  if (service.web !== undefined) {
    app.get('/', webAsset(service.web, 'index.html'))
    for (const name of Object.keys(WEB_FILES)) app.get(`/${name}`, webAsset(service.web, name))
  }
  return app
}
