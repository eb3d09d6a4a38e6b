// Runs TypeScript sources directly (SWC transpile, decorator metadata, @hotline/* paths):
// used by the db and dev commands; the production apps run the compiled dist/ instead.
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
process.env.TS_NODE_SWC = 'true';
process.env.TS_NODE_PROJECT = require('node:path').join(__dirname, '..', 'tsconfig.json');
require('ts-node/register');
require('tsconfig-paths/register');
