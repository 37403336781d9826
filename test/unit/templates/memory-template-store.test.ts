import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors';
import { MemoryTemplateStore } from '../../../lambdas/core/templates/memory-template-store';
import { templateInput } from './helpers';

const clock = { now: () => new Date('2026-12-01T10:00:00.000Z') };

describe('MemoryTemplateStore', () => {
  it('numbers the versions of a template from 1 and returns the newest by default', async () => {
    const store = new MemoryTemplateStore(clock);

    await store.save(templateInput({ name: 'First' }));
    const second = await store.save(templateInput({ name: 'Second' }));

    expect(second).toMatchObject({
      version: 2,
      name: 'Second',
      createdAt: '2026-12-01T10:00:00.000Z',
    });
    expect(await store.get('orders')).toEqual(second);
    expect((await store.get('orders', 1))?.name).toBe('First');
    expect(await store.get('orders', 3)).toBeUndefined();
    expect(await store.get('unknown')).toBeUndefined();
  });

  it('lists the newest version of each template', async () => {
    const store = new MemoryTemplateStore(clock);
    await store.save(templateInput({ templateId: 'b' }));
    await store.save(templateInput({ templateId: 'a' }));
    await store.save(templateInput({ templateId: 'a', name: 'A2' }));

    const listed = await store.list();

    expect(
      listed.map((template) => [template.templateId, template.version, template.name]),
    ).toEqual([
      ['a', 2, 'A2'],
      ['b', 1, 'Orders'],
    ]);
  });

  it('refuses an invalid template and stores nothing', async () => {
    const store = new MemoryTemplateStore(clock);

    const saving = store.save(templateInput({ primaryKey: ['nope'] }));

    await expect(saving).rejects.toBeInstanceOf(InvalidInputError);
    await expect(saving).rejects.toThrow(
      'Template "orders" has 1 problem: primaryKey[0]: "nope" is not a field of this template; fields: id.',
    );
    expect(await store.list()).toEqual([]);
  });

  it('hands out copies that callers cannot use to change stored versions', async () => {
    const store = new MemoryTemplateStore(clock);
    const saved = await store.save(templateInput());

    saved.fields[0].name = 'changed';

    expect((await store.get('orders'))?.fields[0].name).toBe('id');
  });
});
