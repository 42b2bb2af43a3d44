import { runMainInThread } from '@codex-suite/core/stage-thread';
import { refuseWithoutToken } from '@codex-suite/core/token-gate';

// Entry: a run without a token stops here, having loaded nothing else. With one, main.js (the
// stage and the shared library it imports, bundled on its own beside this file by
// scripts/build.mjs) runs in a worker thread with a bounded young generation (core/stage-thread.ts).
if (!refuseWithoutToken()) process.exitCode = await runMainInThread();
