#!/usr/bin/env node
// The command-line tool runs from the TypeScript sources, compiled on load.
import { register } from 'tsx/esm/api';

// The SDK's notice about Node.js 22 is for the runtime; the README says which Node.js to use.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('./cli.ts');
