// Builds the pages: every folder under src/ except common/ is one page. Its NAME.js and NAME.css are
// bundled (with what they import from common/ and node_modules) into assets/NAME.js and assets/NAME.css,
// fonts go to assets/fonts/, and its *.html files are copied to pages/. Usage: node build.mjs OUT TEST_OUT
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const [out, testOut] = process.argv.slice(2);
if (!out || !testOut) {
  console.error('usage: node build.mjs OUT_DIR TEST_OUT_DIR');
  process.exit(2);
}

async function exists(p) {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

const entryPoints = [];
const pages = [];
for (const dir of (await readdir('src', { withFileTypes: true })).filter((d) => d.isDirectory())) {
  if (dir.name === 'common') continue;
  for (const ext of ['js', 'css']) {
    const file = path.join('src', dir.name, `${dir.name}.${ext}`);
    if (await exists(file)) entryPoints.push({ in: file, out: `assets/${dir.name}` });
  }
  for (const f of await readdir(path.join('src', dir.name))) {
    if (f.endsWith('.html')) pages.push(path.join('src', dir.name, f));
  }
}

await rm(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  // Chromium 100 / Firefox 100 / Safari 15 (2022): wall-screen PCs and ward tablets are rarely newer.
  target: ['chrome100', 'firefox100', 'safari15'],
  loader: { '.woff2': 'file', '.woff': 'file' },
  assetNames: 'assets/fonts/[name]-[hash]',
  // The licences of the bundled packages ship beside the bundles (assets/NAME.js.LEGAL.txt).
  legalComments: 'linked',
  logLevel: 'warning',
});

await mkdir(path.join(out, 'pages'), { recursive: true });
for (const p of pages) {
  await copyFile(p, path.join(out, 'pages', path.basename(p)));
}

// Only the browser tests use axe-core: it never goes into the jar.
await mkdir(testOut, { recursive: true });
await copyFile('node_modules/axe-core/axe.min.js', path.join(testOut, 'axe.min.js'));
console.error(`[dosewarden] pages built: ${pages.map((p) => path.basename(p)).join(', ')}`);
