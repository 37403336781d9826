import { describe, expect, it } from 'vitest';
import { validateConnectorInput } from '../../../lambdas/core/connectors/connector-input';
import { InvalidInputError } from '../../../lambdas/core/errors';

const valid = {
  name: 'Acme payments',
  accountId: '123456789012',
  bucket: 'acme-exports',
  region: 'eu-west-1',
  folder: 'payments',
  templateId: 'payments',
};

function problemsOf(input: unknown): string[] {
  try {
    validateConnectorInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).details?.problems as string[];
  }
  throw new Error('expected the input to be rejected');
}

describe('connector settings', () => {
  it('accepts settings that follow the naming rules', () => {
    const connector = validateConnectorInput(valid);

    expect(connector).toEqual(valid);
  });

  it('rejects an account id that is not 12 digits, naming the field', () => {
    expect(problemsOf({ ...valid, accountId: '12345' })).toEqual([
      'accountId: must be the 12-digit AWS account ID',
    ]);
  });

  it.each([
    ['ab', 'must be 3 to 63 characters long'],
    ['Acme_Exports', 'may hold only lowercase letters'],
    ['acme..exports', 'must not contain two adjacent dots'],
    ['192.168.1.10', 'must not look like an IP address'],
    ['xn--acme', 'must not start with "xn--"'],
    ['acme-s3alias', 'must not end with "-s3alias"'],
  ])('rejects the bucket name %s', (bucket, problem) => {
    const [message] = problemsOf({ ...valid, bucket });

    expect(message).toContain(`bucket "${bucket}" ${problem}`);
  });

  it('rejects a region that does not exist', () => {
    expect(problemsOf({ ...valid, region: 'eu-middle-9' })).toEqual([
      'region: "eu-middle-9" is not an AWS region code (for example eu-west-1)',
    ]);
  });

  it('lists every wrong field in one error', () => {
    const problems = problemsOf({ ...valid, name: '', accountId: 'x', region: 'mars' });

    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'name',
      'accountId',
      'region',
    ]);
  });
});
