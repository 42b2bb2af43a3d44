// Prints what a release of a version would tag and say, from package.json and CHANGELOG.md:
//   npx tsx scripts/release-notes.ts 1.2.3 [--notes-file notes.md]
// Exits 1 with the reason when that version must not be released. Takes under a second.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planRelease } from './lib/release-notes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args.length === 0 || args.includes('--help')) {
  console.log('Usage: npx tsx scripts/release-notes.ts <X.Y.Z> [--notes-file <file>]');
  console.log('Checks package.json and CHANGELOG.md for that version; prints the tags and the notes.');
  process.exit(args.length === 0 ? 1 : 0);
}
const version = args[0]!;
const notesFile = args.includes('--notes-file') ? args[args.indexOf('--notes-file') + 1] : undefined;
try {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const plan = planRelease(version, pkg.version, readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'));
  if (notesFile) writeFileSync(notesFile, plan.notes);
  console.log(`tag=${plan.tag}\nmajor=${plan.major}`);
  if (!notesFile) console.log(`\n${plan.notes}`);
} catch (error) {
  console.error(`Cannot release ${version}: ${(error as Error).message}`);
  process.exit(1);
}
