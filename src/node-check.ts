// Imported first by the CLI, so it runs before anything else: on a Node.js older than the one
// this is built and tested on, say in one line which is needed and which is running, rather than
// fail somewhere inside. scripts/check-node.cjs says the same before every npm script.
import { NAME, NODE_MAJOR } from './version.ts';

const running = Number(process.versions.node.split('.')[0]);
if (running < NODE_MAJOR) {
  process.stderr.write(
    `${NAME} needs Node.js ${NODE_MAJOR} or newer, but this is Node.js ${process.version} (${process.execPath}): install Node ${NODE_MAJOR} (https://nodejs.org/) or switch to it (nvm use ${NODE_MAJOR}).\n`,
  );
  process.exit(2);
}
