// Bundles one entry with @vercel/ncc into a folder (a child process of scripts/build.mjs, so bundles
// build in parallel). Arguments: a JSON object { input, out, externals, minify }. `externals` maps
// a module name to the path the bundle imports instead (the shared chunk, relative to the bundle).
// `filename` names the bundle in `out`; `license: false` writes no licenses.txt (a bundle of the
// suite's own code only, beside another bundle's licenses.txt).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ncc from '@vercel/ncc';

const { input, out, filename, externals, minify, license = true } = JSON.parse(process.argv[2]);
const { code, assets } = await ncc(input, {
  cache: false,
  esm: true,
  filename,
  externals,
  minify,
  transpileOnly: true,
  license: license ? 'licenses.txt' : '',
  quiet: true,
});
const write = (name, source, mode) => {
  const file = join(out, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  if (mode) chmodSync(file, mode);
};
write(filename, code);
for (const [name, asset] of Object.entries(assets)) write(name, asset.source, asset.permissions);
