import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const biome = join(root, 'node_modules/.bin/biome');

interface Diagnostic {
  category: string;
  location: { path: string };
}

/**
 * Lints probe files with the project's own Biome configuration, in a scratch
 * copy of the layout, so that the probes never sit in the working tree.
 */
function lintProbes(files: Record<string, string>): Diagnostic[] {
  const scratch = mkdtempSync(join(tmpdir(), 'lint-rules-'));
  try {
    const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
    writeFileSync(
      join(scratch, 'biome.json'),
      JSON.stringify({ ...config, vcs: { enabled: false } }),
    );
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    // Biome exits 1 when it reports errors; the report on stdout is what counts.
    const output = (() => {
      try {
        return execFileSync(biome, ['lint', '--reporter=json', '.'], {
          cwd: scratch,
          stdio: ['ignore', 'pipe', 'ignore'],
        }).toString();
      } catch (error) {
        return String((error as { stdout: Buffer }).stdout);
      }
    })();
    return (JSON.parse(output) as { diagnostics: Diagnostic[] }).diagnostics;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function rulesFor(diagnostics: Diagnostic[], path: string): string[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.location.path.endsWith(path))
    .map((diagnostic) => diagnostic.category);
}

/** An import the core must not make, and a line that uses it. */
const awsImports: [string, string][] = [
  ["import { S3Client } from '@aws-sdk/client-s3';", 'export const used = S3Client;'],
  ["import type { Context } from 'aws-lambda';", 'export type Used = Context;'],
  ["import { Stack } from 'aws-cdk-lib';", 'export const used = Stack;'],
  ["import { Bucket } from 'aws-cdk-lib/aws-s3';", 'export const used = Bucket;'],
  ["import { Logger } from '@aws-lambda-powertools/logger';", 'export const used = Logger;'],
];

describe('the lint rules', () => {
  let diagnostics: Diagnostic[];

  beforeAll(() => {
    const testProbe = (line: string) => `import { describe, it, test } from 'vitest';\n${line}\n`;
    diagnostics = lintProbes({
      ...Object.fromEntries(
        awsImports.map(([line, use], index) => [
          `lambdas/core/formats/probe-${index}.ts`,
          `${line}\n${use}\n`,
        ]),
      ),
      ...Object.fromEntries(
        awsImports.map(([line, use], index) => [
          `lambdas/adapters/probe-${index}.ts`,
          `${line}\n${use}\n`,
        ]),
      ),
      // The probes name `only` and `skip` through a variable, so this file itself holds
      // neither a focused nor a skipped test: they are what the linter must refuse.
      ...Object.fromEntries(
        ['describe', 'it', 'test'].flatMap((api) =>
          (['only', 'skip'] as const).map((modifier) => [
            `test/unit/${modifier === 'only' ? 'focused' : 'skipped'}-${api}.test.ts`,
            testProbe(`${api}.${modifier}('a', () => {});`),
          ]),
        ),
      ),
    });
  }, 60_000);

  it.each(awsImports.map(([line], index) => [line, index]))(
    'refuses %s in lambdas/core',
    (_line, index) => {
      expect(rulesFor(diagnostics, `lambdas/core/formats/probe-${index}.ts`)).toContain(
        'lint/style/noRestrictedImports',
      );
    },
  );

  it('allows the same imports in lambdas/adapters', () => {
    const flagged = awsImports.flatMap((_import, index) =>
      rulesFor(diagnostics, `lambdas/adapters/probe-${index}.ts`),
    );

    expect(flagged).toEqual([]);
  });

  it.each(['describe', 'it', 'test'])('refuses a focused test written %s.only', (name) => {
    expect(rulesFor(diagnostics, `test/unit/focused-${name}.test.ts`)).toContain(
      'lint/suspicious/noFocusedTests',
    );
  });

  it.each(['describe', 'it', 'test'])('refuses a skipped test written %s.skip', (name) => {
    expect(rulesFor(diagnostics, `test/unit/skipped-${name}.test.ts`)).toContain(
      'lint/suspicious/noSkippedTests',
    );
  });
});
