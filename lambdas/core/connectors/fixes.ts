import type { HealthError } from '../discovery/ports';
import type { Connector } from '../model';

/** Which verification step an error code belongs to. */
export type VerifyStepName = 'template' | 'assume_role' | 'list' | 'read';

/**
 * What to check, in the customer's account or in the connector's settings,
 * for each connector error code: the step a user sees failing and the fix.
 */
export function fixFor(code: string, connector: Connector): string {
  const where = `s3://${connector.bucket}/${connector.folder}`;
  switch (code) {
    case 'role_not_assumable':
      return `In account ${connector.accountId}, check that role ${connector.roleArn} exists and that its trust policy is the one "s3-import connectors policy ${connector.name}" prints (the platform's roles, external ID ${connector.externalId}).`;
    case 'access_denied':
      return `In account ${connector.accountId}, check that the role's permission policy allows s3:ListBucket and s3:GetObject on ${where} (print it with "s3-import connectors policy ${connector.name}"), and that no bucket policy or KMS key policy denies the role.`;
    case 'bucket_not_found':
      return `Check the bucket name: "${connector.bucket}" does not exist. Fix it with "s3-import connectors update ${connector.name} --bucket NAME", then "s3-import connectors reauthenticate ${connector.name}".`;
    case 'wrong_region':
      return `Set the bucket's region with "s3-import connectors update ${connector.name} --region REGION", then reauthenticate.`;
    case 'credentials_expired':
      return "Try again; if it persists, check the role's maximum session duration is at least one hour.";
    case 'throttled':
    case 'transient':
      return 'S3 or STS did not answer in time; try again in a few minutes.';
    case 'template_not_found':
      return `Choose an existing template with "s3-import connectors update ${connector.name} --template ID" (see "s3-import templates list"), or create template "${connector.templateId}".`;
    case 'missing_columns':
      return `The files do not have the columns template "${connector.templateId}" requires: choose another template with "connectors update --template", or fix the template's field sources.`;
    case 'unsupported_format':
    case 'malformed_file':
    case 'invalid_encoding':
    case 'invalid_header':
    case 'record_too_large':
      return `The file cannot be read with template "${connector.templateId}": check its format and CSV settings (try it with "s3-import templates try ${connector.templateId} --file SAMPLE").`;
    default:
      return 'Check the connector settings with "s3-import connectors show", then try again.';
  }
}

/** The step a connector error code says failed: STS errors at the role, S3 errors at the listing. */
export function stepOf(code: string, listed: boolean): VerifyStepName {
  if (code === 'role_not_assumable' || code === 'credentials_expired') return 'assume_role';
  return listed ? 'read' : 'list';
}

/**
 * The fix for an error the health recorded earlier. Once the connector's
 * settings changed, or its missing template was created, after the error, the
 * error says nothing about the current settings: the fix is to check them.
 */
export function fixForRecordedError(
  error: HealthError,
  connector: Connector,
  template?: { createdAt: string },
): string {
  const check = `run "s3-import connectors reauthenticate ${connector.name}" to check them`;
  if ((connector.settingsChangedAt ?? '') > error.at) {
    return `The connector's settings changed since this error; ${check}.`;
  }
  if (error.code === 'template_not_found' && template && template.createdAt > error.at) {
    return `Template "${connector.templateId}" was created since this error; ${check.replace('them', 'it')}.`;
  }
  return fixFor(error.code, connector);
}
