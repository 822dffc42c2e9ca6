/** `node dist/web/build-cli.js`: the package build's last step, bundling the page into `dist/web/static/`. */
import { bundleWebPage } from './bundle.js'
import { DEFAULT_WEB_DIR } from './assets.js'

await bundleWebPage({ outDir: DEFAULT_WEB_DIR })
