import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthStack } from './synth-stack';

interface AssetManifest {
  files: Record<string, { source: { path: string; packaging?: string } }>;
}

describe('handler bundling', () => {
  it('bundles the three handlers (lister, parser, API) with the local esbuild into ESM files that export handler', () => {
    const { app, stack } = synthStack({}, { bundle: true });

    const assembly = app.synth();
    const manifest: AssetManifest = JSON.parse(
      readFileSync(join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
    );
    const bundles = Object.values(manifest.files)
      .filter((file) => file.source.packaging === 'zip')
      .map((file) => readFileSync(join(assembly.directory, file.source.path, 'index.mjs'), 'utf8'));

    expect(bundles).toHaveLength(3);
    for (const code of bundles) {
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      expect(code).toContain('createRequire');
    }
  });
});
