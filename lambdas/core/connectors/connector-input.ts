import { z } from 'zod';
import { InvalidInputError } from '../errors';
import { awsRegions } from './aws-regions';

const forbiddenBucketPrefixes = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const forbiddenBucketSuffixes = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why `bucket` breaks S3's naming rules, or undefined when it follows them. */
export function bucketNameProblem(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) {
    return 'must be 3 to 63 characters long';
  }
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket)) {
    return 'may hold only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit';
  }
  if (bucket.includes('..')) {
    return 'must not contain two adjacent dots';
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket)) {
    return 'must not look like an IP address';
  }
  const prefix = forbiddenBucketPrefixes.find((candidate) => bucket.startsWith(candidate));
  if (prefix) {
    return `must not start with "${prefix}"`;
  }
  const suffix = forbiddenBucketSuffixes.find((candidate) => bucket.endsWith(candidate));
  if (suffix) {
    return `must not end with "${suffix}"`;
  }
  return undefined;
}

const bucketSchema = z.string().superRefine((bucket, context) => {
  const problem = bucketNameProblem(bucket);
  if (problem) {
    context.addIssue({ code: 'custom', message: `bucket "${bucket}" ${problem}` });
  }
});

/** What a user gives to create a connector. */
export const connectorInputSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/,
      'must be 1 to 64 letters, digits, spaces, "_", "." or "-", starting with a letter or digit',
    ),
  accountId: z.string().regex(/^\d{12}$/, 'must be the 12-digit AWS account ID'),
  bucket: bucketSchema,
  region: z.string().superRefine((region, context) => {
    if (!awsRegions.has(region)) {
      context.addIssue({
        code: 'custom',
        message: `"${region}" is not an AWS region code (for example eu-west-1)`,
      });
    }
  }),
  folder: z.string().max(1000, 'must be at most 1,000 characters').default(''),
  templateId: z.string().min(1, 'must name a template'),
});

export type ConnectorInput = z.input<typeof connectorInputSchema>;
export type ValidConnectorInput = z.output<typeof connectorInputSchema>;

/** Validates connector settings, naming every field that is wrong in one error. */
export function validateConnectorInput(input: unknown): ValidConnectorInput {
  const parsed = connectorInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'connector'}: ${issue.message}`,
    );
    throw new InvalidInputError(`Invalid connector settings: ${problems.join('; ')}.`, {
      problems,
    });
  }
  return parsed.data;
}
