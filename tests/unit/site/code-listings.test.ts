// The PyTorch listings (content/code/*.py): every one compiles with `python3 -m py_compile`, stays within its length, is
// embedded by its chapter, and the training script's split is the book's (the same seeded shuffle as scripts/train/data.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_LISTINGS, LISTING_MAX_COLUMNS, lineCount, longLines } from '../../../src/lib/site/code-listings.ts';
import { Rng } from '../../../src/lib/models/rng.ts';
import { stripShikiVariables } from '../../../src/lib/site/shiki-light-dark.ts';

const codeDir = join(process.cwd(), 'content', 'code');
const chapterDir = join(process.cwd(), 'content', 'chapters');
const read = (file: string) => readFileSync(join(codeDir, file), 'utf8');

/** Runs python3 with `args`, keeping bytecode out of the repository. */
function python(args: string[], input?: string) {
  const cache = mkdtempSync(join(tmpdir(), 'vae-pycache-'));
  return spawnSync('python3', args, { encoding: 'utf8', input, env: { ...process.env, PYTHONPYCACHEPREFIX: cache }, maxBuffer: 1 << 24 });
}

const hasPython = !python(['--version']).error;
const MISSING =
  'python3 is not on PATH: install it (Debian/Ubuntu: apt-get install -y python3; .ci/run does this in CI) to check the PyTorch listings';
/** Skips locally without python3, fails in CI (CI=true) with a message saying what to install. */
function needPython(t: { skip: (message: string) => void }): boolean {
  if (hasPython) return true;
  if (process.env.CI === 'true') assert.fail(MISSING);
  t.skip(MISSING);
  return false;
}

test('every .py in content/code/ is a listed listing, and every listing exists', () => {
  const files = readdirSync(codeDir)
    .filter((f) => f.endsWith('.py'))
    .sort();
  assert.deepEqual(files, CODE_LISTINGS.map((l) => l.file).sort());
});

for (const { file, chapter, maxLines } of CODE_LISTINGS) {
  test(`${file}: at most ${maxLines} lines`, () => {
    const n = lineCount(read(file));
    assert.ok(n <= maxLines, `${file} has ${n} lines; the limit is ${maxLines}`);
  });

  test(`${file}: no line is longer than ${LISTING_MAX_COLUMNS} characters (PEP 8)`, () => {
    const long = longLines(read(file));
    assert.deepEqual(
      long,
      [],
      `${file} has lines over ${LISTING_MAX_COLUMNS} characters: ${long.map((l) => `line ${l.line} (${l.length})`).join(', ')}`,
    );
  });

  test(`${chapter} embeds ${file} in a <CodeListing>`, () => {
    const mdx = readFileSync(join(chapterDir, chapter), 'utf8');
    assert.match(mdx, new RegExp(`<CodeListing\\s+file="${file.replace('.', '\\.')}"`), `${chapter} should embed <CodeListing file="${file}" ... />`);
  });
}

test('longLines counts characters, not bytes, and finds a line one character too long', () => {
  assert.deepEqual(longLines(`${'μ'.repeat(LISTING_MAX_COLUMNS)}\nok\n`), []);
  assert.deepEqual(longLines(`ok\n${'x'.repeat(LISTING_MAX_COLUMNS + 1)}\n`), [{ line: 2, length: LISTING_MAX_COLUMNS + 1 }]);
});

test('lineCount counts lines as an editor does', () => {
  assert.equal(lineCount('a\nb\n'), 2);
  assert.equal(lineCount('a\nb'), 2);
});

test('python3 -m py_compile accepts every listing', (t) => {
  if (!needPython(t)) return;
  for (const { file } of CODE_LISTINGS) {
    const r = python(['-m', 'py_compile', join(codeDir, file)]);
    assert.equal(r.status, 0, `${file} does not compile:\n${r.stderr}`);
  }
});

test('python3 -m py_compile rejects a listing with a syntax error (the check can fail)', (t) => {
  if (!needPython(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'vae-listing-'));
  const broken = join(dir, 'broken.py');
  writeFileSync(broken, read('vae.py').replace('def neg_elbo(', 'def neg_elbo(('));
  assert.notEqual(python(['-m', 'py_compile', broken]).status, 0);
});

test("train_vae.py's BookRng shuffles 10,000 ids exactly as the book's Rng (the same held-out digits and training order)", (t) => {
  if (!needPython(t)) return;
  const source = read('train_vae.py');
  const cls = /^class BookRng:[\s\S]*?(?=^def )/m.exec(source)?.[0];
  assert.ok(cls, 'train_vae.py defines class BookRng before its first top-level function');
  const program = `M32 = 0xFFFFFFFF\n${cls}\nimport json\nprint(json.dumps(BookRng("mnist-split-2025").shuffle(list(range(10000)))))\n`;
  const r = python(['-'], program);
  assert.equal(r.status, 0, r.stderr);
  const expected = new Rng('mnist-split-2025').shuffle(Array.from({ length: 10000 }, (_, i) => i));
  assert.deepEqual(JSON.parse(r.stdout), expected);
});

test('stripShikiVariables keeps the light-dark() colours and drops the --shiki-* variables', () => {
  assert.equal(
    stripShikiVariables('color:light-dark(#0A3069, #A5D6FF);--shiki-light:#0A3069;--shiki-dark:#A5D6FF'),
    'color:light-dark(#0A3069, #A5D6FF)',
  );
  assert.equal(
    stripShikiVariables('background-color:light-dark(#fff, #000);--shiki-light-bg:#fff;--shiki-dark-bg:#000;color:red; overflow-x: auto'),
    'background-color:light-dark(#fff, #000);color:red; overflow-x: auto',
  );
});
