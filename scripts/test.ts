// `npm test`: every test — unit, HTTP and CLI (Vitest), then browser (Playwright) — on the
// embedded database, or on PostgreSQL when DATABASE_URL is set. Ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// Where results go (`ACCRUE_TEST_RESULTS`, default test-results/): two runs at once keep apart.
const results = path.resolve(process.env.ACCRUE_TEST_RESULTS ?? 'test-results');
fs.mkdirSync(results, { recursive: true });
const label = process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
const passThrough = process.argv.slice(2);

interface Tally {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
}

function run(command: string, args: string[]): number {
  const child = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return child.status ?? 1;
}

function readJson(file: string): any | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const tallies: Tally[] = [];

const unitFile = path.join(results, 'unit.json');
fs.rmSync(unitFile, { force: true });
const unitStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitFile}`, ...passThrough]);
const unit = readJson(unitFile);
tallies.push(
  unit
    ? {
        suite: 'unit, HTTP and CLI',
        passed: unit.numPassedTests,
        failed: unit.numFailedTests + (unitStatus !== 0 && unit.numFailedTests === 0 ? 1 : 0),
        skipped: unit.numPendingTests + unit.numTodoTests,
      }
    : { suite: 'unit, HTTP and CLI (runner failed)', passed: 0, failed: 1, skipped: 0 },
);

if (process.env.ACCRUE_SKIP_BROWSER_TESTS !== '1') {
  const e2eFile = path.join(results, 'e2e.json');
  fs.rmSync(e2eFile, { force: true });
  const e2eStatus = run('npx', ['playwright', 'test']);
  const e2e = readJson(e2eFile);
  tallies.push(
    e2e
      ? {
          suite: 'browser',
          passed: e2e.stats.expected + e2e.stats.flaky,
          failed: e2e.stats.unexpected + (e2eStatus !== 0 && e2e.stats.unexpected === 0 ? 1 : 0),
          skipped: e2e.stats.skipped,
        }
      : { suite: 'browser (runner failed)', passed: 0, failed: 1, skipped: 0 },
  );
}

const total = tallies.reduce(
  (sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed, skipped: sum.skipped + t.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
fs.writeFileSync(path.join(results, 'summary.json'), JSON.stringify({ database: label, suites: tallies, ...total }, null, 2));

console.log(`\nTests on ${label}:`);
for (const t of tallies) console.log(`  ${t.suite}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 ? 1 : 0;
