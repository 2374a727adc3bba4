// What this build is, for --version and the JSON report, and the Node.js it needs. package.json
// holds the same facts (version, engines); test/unit/readme.test.ts keeps them equal.
export const NAME = 'blacklist-patrol';
export const VERSION = '0.1.0';
export const NODE_MAJOR = 24;
