/**
 * The connector, template and import services: what the command-line tool and
 * the management API call. Every function takes one `ServiceDeps`.
 */
export {
  type ConnectorInput,
  validateConnectorInput,
} from '../connectors/connector-input';
export {
  type ConnectorChanges,
  type ConnectorUpdate,
  connectorOnboarding,
  deleteConnector,
  describeConnectorChanges,
  pauseConnector,
  resumeConnector,
  updateConnector,
} from '../connectors/connector-lifecycle';
export { createConnector, findConnector } from '../connectors/connector-service';
export type { FilePreview } from '../connectors/file-preview';
export { fixFor } from '../connectors/fixes';
export type { IamPolicy, Onboarding, PlatformRoles } from '../connectors/onboarding';
export { reauthenticateConnector } from '../connectors/reauthenticate';
export type { PreviewRecord, TemplatePreview } from '../connectors/row-preview';
export {
  type VerifyReport,
  type VerifyStep,
  type VerifyStepName,
  verifyConnector,
} from '../connectors/verify';
export type { SyncSummary } from '../discovery/sync-connector';
export type { ConnectorCleanup, PreviewLimits, ServiceDeps } from './deps';
export {
  getImport,
  type ImportList,
  type ImportQuery,
  type ImportView,
  importStatuses,
  listImports,
  resolveImport,
  resultsReadPerConnector,
  retryImport,
} from './imports';
export {
  connectorStatuses,
  displayStatusOf,
  type ImportTotals,
  type StatusRow,
} from './status';
export { refuseUnlessActive, syncNow } from './sync';
export {
  checkTemplateDeletion,
  deleteTemplate,
  getTemplate,
  listTemplates,
  saveTemplate,
  type TemplateDeletion,
  tryTemplate,
} from './templates';
