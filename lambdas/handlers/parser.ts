import { lambdaRuntime } from '../adapters/runtime';

/** The parser Lambda: imports the files the file queue delivers, reporting partial batch failures. */
export const handler = lambdaRuntime().parserHandler;
