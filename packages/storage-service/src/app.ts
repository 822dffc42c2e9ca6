import { DISCOVERY_PATH, discoveryHandler, infoHandler, problemResponse, revokeHandler } from '@capchain/guard'
import type { DiscoveredRoute } from '@capchain/guard'
import { capchain } from '@capchain/guard/hono'
import { storageCommand } from '@capchain/storage'
import { Hono } from 'hono'
import type { ServiceContext, ServiceEnv } from './context.js'
import { deleteFile, deleteRoute, FILES_PREFIX, getFile, getFileWithoutAuthorization, putFile, readRoute, writeRoute } from './routes/files.js'
import { LIST_PREFIX, listFiles, listRoute } from './routes/list.js'
import { closeUntaken } from './routes/opened-files.js'
import { refuseHead } from './routes/refuse-head.js'
import { webAsset } from './routes/web.js'
import { WEB_FILES } from './web/assets.js'

/** The storage routes, as the discovery document lists them. */
const ROUTES: readonly DiscoveredRoute[] = [
  { method: 'PUT', path: `${FILES_PREFIX}/*`, command: storageCommand('write') },
  { method: 'GET', path: `${FILES_PREFIX}/*`, command: storageCommand('read') },
  { method: 'DELETE', path: `${FILES_PREFIX}/*`, command: storageCommand('delete') },
  { method: 'GET', path: `${LIST_PREFIX}/*`, command: storageCommand('list') },
]

/**
 * The service's routes (docs/service.md): the storage routes are handlers
 * behind the guard; `/revoke`, `/info` and the discovery document are the
 * guard's. Whatever a handler throws is answered with the same problem
 * body as a denial, explained with the chain the guard checked.
 */
export function createApp(service: ServiceContext): Hono<ServiceEnv> {
  const { guard } = service
  const [info, discovery, revoke] = [infoHandler(guard), discoveryHandler(guard, ROUTES), revokeHandler(guard)]
  const app = new Hono<ServiceEnv>()
  // A handler's refusal after the guard allowed the request is explained with the chain the guard checked.
  app.onError(async (error, c) => problemResponse(await guard.problem(error, undefined, c.get('capchain')?.links)))
  app.get('/info', (c) => info(c.req.raw))
  app.get(DISCOVERY_PATH, (c) => discovery(c.req.raw))
  if (service.unauthorizedReadsOf !== undefined) {
    // The benchmarks' baseline: the same file-serving code with no authorization, and nothing else.
    app.get(`${FILES_PREFIX}/*`, getFileWithoutAuthorization(service, service.unauthorizedReadsOf))
    return app
  }
  for (const path of [FILES_PREFIX, `${FILES_PREFIX}/*`]) {
    app.put(path, capchain(guard, writeRoute), putFile(service))
    app.get(path, refuseHead(guard, 'GET, PUT, DELETE'), closeUntaken(), capchain(guard, readRoute(service)), getFile())
    app.delete(path, capchain(guard, deleteRoute), deleteFile(service))
  }
  for (const path of [LIST_PREFIX, `${LIST_PREFIX}/*`]) app.get(path, refuseHead(guard, 'GET'), capchain(guard, listRoute), listFiles(service))
  app.post('/revoke', (c) => revoke(c.req.raw))
  if (service.web !== undefined) {
    app.get('/', webAsset(service.web, 'index.html'))
    for (const name of Object.keys(WEB_FILES)) app.get(`/${name}`, webAsset(service.web, name))
  }
  return app
}
