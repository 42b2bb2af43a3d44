import { refuseWithoutToken } from '@codex-suite/core/token-gate';

// Entry: a run without a token stops here, having loaded nothing else. With one, main.js (the
// stage and the shared library it imports) is loaded; the bundler leaves that import as it is,
// main.js being bundled on its own beside this file (scripts/build.mjs).
if (!refuseWithoutToken()) {
  const { main } = (await import(/* webpackIgnore: true */ './main.js')) as typeof import('./main.js');
  process.exitCode = await main();
}
