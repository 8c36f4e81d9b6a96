#!/usr/bin/env node
// `npm test`: type-check, lint, unit + integration tests (Vitest, real ONNX Runtime and ffmpeg), then the end-to-end
// specs of web mode in Chromium (Playwright). Every stage runs even when an earlier one fails, and the last line is
// `N passed, N failed` over all of them (type-check and lint count as one check each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
const summary = [];

function run(label, command, args, env = {}) {
  process.stdout.write(`\n━━ ${label} ━━\n`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: r.status === 0, seconds };
}

function check(label, command, args) {
  const { ok, seconds } = run(label, command, args);
  if (ok) passed++;
  else failed++;
  summary.push(`${label}: ${ok ? 'ok' : 'FAILED'} (${seconds} s)`);
}

function counted(label, command, args, reportFile, count, env) {
  const { ok, seconds } = run(label, command, args, env);
  let p = 0;
  let f = 0;
  if (existsSync(reportFile)) ({ passed: p, failed: f } = count(JSON.parse(readFileSync(reportFile, 'utf8'))));
  // A runner that died before reporting still counts as a failure.
  if (!ok && f === 0) f = 1;
  passed += p;
  failed += f;
  summary.push(`${label}: ${p} passed, ${f} failed (${seconds} s)`);
}

check('type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
check('lint', bin('eslint'), ['.', '--max-warnings=0']);

const vitestReport = path.join(results, 'vitest.json');
counted(
  'unit + integration (vitest)',
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`],
  vitestReport,
  (r) => ({ passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0) }),
);

check('build the studio page', process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'warn']);

const e2eReport = path.join(results, 'playwright.json');
counted(
  'end-to-end (Playwright, Chromium)',
  bin('playwright'),
  ['test', '--reporter=list,json'],
  e2eReport,
  (r) => ({ passed: r.stats?.expected ?? 0, failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0) }),
  { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
);

process.stdout.write(`\n━━ summary ━━\n${summary.join('\n')}\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
