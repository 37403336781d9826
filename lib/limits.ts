import { Duration } from 'aws-cdk-lib';

/** A lister syncs one connector, or fans out the scheduled cycle, within this time. */
export const listerTimeout = Duration.minutes(5);

/** The longest a parser invocation runs before it checkpoints a large file. */
export const parserTimeout = Duration.minutes(15);

/** At 1,769 MB Lambda gives a function one full vCPU, which a streaming parser uses whole. */
export const parserMemoryMb = 1769;

/** Listing is network-bound; memory holds one page of 1,000 keys and the ledger lookups. */
export const listerMemoryMb = 512;

/**
 * AWS advises a queue visibility timeout of six times the consumer's timeout, so
 * that a message is not redelivered while its first delivery is still retried.
 */
export const visibilityTimeoutFactor = 6;

/** Messages in the file queue per parser invocation (the SQS maximum without a batching window). */
export const parserBatchSize = 10;

/** One sync request per lister invocation: one connector's failure never delays another. */
export const listerBatchSize = 1;
