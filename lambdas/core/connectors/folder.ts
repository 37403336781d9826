/**
 * The listing prefix of a folder: `reports` and `/reports/` both become
 * `reports/`, so that `reports-old/` and `reports.csv` stay out; empty means the
 * whole bucket. S3 keys are not paths, so `.` and `..` are kept as written.
 */
export function normaliseConnectorFolder(folder: string): string {
  const trimmed = folder.trim().replace(/^\/+/, '');
  if (trimmed === '') {
    return '';
  }
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
