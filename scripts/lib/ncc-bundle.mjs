// Bundles one entry with @vercel/ncc into a folder (a child process of scripts/build.mjs, so bundles
// build in parallel). Arguments: a JSON object { input, out, externals, minify }. `externals` maps
// a module name to the path the bundle imports instead (the shared chunk, relative to the bundle).
// `filename` names the bundle in `out`; `license: false` writes no licenses.txt (a bundle of the
// suite's own code only, beside another bundle's licenses.txt).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ncc from '@vercel/ncc';
import { transformSync } from 'esbuild';

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
// ncc minifies the entry only; the chunks it splits off (the GitHub client, @actions/cache and the
// Azure SDK under it: most of dist/) come out as webpack wrote them. Minified here the same way,
// deterministically (names kept: some libraries read a function's or a class's name).
const CHUNK = /^\d+\.[\w-]+\.js$/;
const minified = (name, source) =>
  transformSync(String(source), {
    minify: true,
    keepNames: true,
    format: 'esm',
    target: 'node24',
    legalComments: 'none',
    sourcefile: name,
  }).code;
for (const [name, asset] of Object.entries(assets)) {
  const source = minify && CHUNK.test(name) ? minified(name, asset.source) : asset.source;
  write(name, source, asset.permissions);
}
