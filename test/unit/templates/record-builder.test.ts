import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../lambdas/core/templates/compile';
import { createRecordBuilder } from '../../../lambdas/core/templates/record-builder';
import { buildTemplate } from './helpers';

describe('createRecordBuilder', () => {
  it('builds a new record with the names as keys in order, whatever characters they hold', () => {
    const names = ['id', 'a "quoted" name', 'back\\slash', '2', 'line\nbreak', '});throw 1;({'];
    const build = createRecordBuilder(names);

    const first = build?.([1, 2, 3, 4, 5, 6]);
    const second = build?.([7, 8, 9, 10, 11, 12]);

    expect(first).toStrictEqual({
      id: 1,
      'a "quoted" name': 2,
      'back\\slash': 3,
      '2': 4,
      'line\nbreak': 5,
      '});throw 1;({': 6,
    });
    expect(second?.id).toBe(7);
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
  });

  it('gives no builder for a "__proto__" name, which a literal would turn into the prototype', () => {
    expect(createRecordBuilder(['id', '__proto__'])).toBeUndefined();
  });
});

describe('records of a compiled template', () => {
  const compiled = compileTemplate(
    buildTemplate({
      fields: [
        { name: 'id', source: 'ID', type: 'integer', required: true },
        { name: 'note', source: 'Note' },
        { name: 'tier', source: 'Tier', default: 'basic' },
      ],
    }),
  );

  it('has the same keys in field order whether every field has a value or some are left out', () => {
    const full = compiled.mapRow({ ID: '1', Note: 'n', Tier: 'gold' }, 2);
    const partial = compiled.mapRow({ ID: '2', Note: ' ', Tier: '' }, 3);

    expect(full).toMatchObject({ data: { id: 1, note: 'n', tier: 'gold' } });
    expect(partial).toMatchObject({ data: { id: 2, tier: 'basic' } });
    expect(Object.keys((full as { data: object }).data)).toEqual(['id', 'note', 'tier']);
    expect(Object.keys((partial as { data: object }).data)).toEqual(['id', 'tier']);
  });
});
