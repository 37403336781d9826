import { describe, expect, it } from 'vitest';
import { isFolderMarker, normaliseFolder } from '../../../lambdas/core/discovery/folder';
import { InvalidInputError } from '../../../lambdas/core/errors';

describe('normaliseFolder', () => {
  it.each([
    ['reports', 'reports/'],
    ['reports/', 'reports/'],
    ['/reports', 'reports/'],
    ['///reports/2026', 'reports/2026/'],
    ['a//b', 'a//b/'],
    ['./x', './x/'],
  ])('lists %j as the prefix %j', (input, prefix) => {
    expect(normaliseFolder(input)).toBe(prefix);
  });

  it.each([undefined, '', '/', '///'])('lists the whole bucket for %j', (input) => {
    expect(normaliseFolder(input)).toBe('');
  });

  it('rejects a folder longer than the 1,024 bytes of an S3 key, counting UTF-8 bytes', () => {
    const folder = 'ü'.repeat(512);

    const normalising = () => normaliseFolder(folder);

    expect(normalising).toThrow(InvalidInputError);
    expect(normalising).toThrow(
      `The folder "${'ü'.repeat(40)}…" is 1025 bytes long; S3 keys, and so folders, are at most 1024 bytes.`,
    );
  });

  it('accepts a folder of exactly 1,024 bytes with its slash', () => {
    expect(normaliseFolder('k'.repeat(1023))).toBe(`${'k'.repeat(1023)}/`);
  });
});

describe('isFolderMarker', () => {
  it('takes a zero-byte key ending in "/" for a console folder, not a file', () => {
    expect(isFolderMarker({ key: 'reports/2026/', size: 0 })).toBe(true);
  });

  it('keeps a key ending in "/" that has content, and an empty file, as files', () => {
    expect(isFolderMarker({ key: 'reports/odd/', size: 3 })).toBe(false);
    expect(isFolderMarker({ key: 'reports/empty.csv', size: 0 })).toBe(false);
  });
});
