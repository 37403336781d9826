import { lambdaRuntime } from '../adapters/runtime';

/**
 * The lister Lambda: the schedule's event fans out one sync request per active
 * connector; the sync queue's events sync those connectors.
 */
export const handler = lambdaRuntime().listerHandler;
