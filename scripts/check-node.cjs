// First step of every npm script: on a Node older than package.json's engines, say in one line
// which Node is needed and which is running, instead of a raw ERR_UNKNOWN_FILE_EXTENSION stack
// or "Could not find test/**". Plain CommonJS with old syntax on purpose: it must run on any Node.
/* global require, process, __dirname */
'use strict';
var path = require('path');
var engines = require(path.join(__dirname, '..', 'package.json')).engines || {};
var needed = Number((/\d+/.exec(engines.node || '') || ['0'])[0]);
var running = Number(process.versions.node.split('.')[0]);
if (running < needed) {
  process.stderr.write(
    'blacklist-patrol needs Node.js ' + needed + ' or newer, but this is Node.js ' + process.version +
      ' (' + process.execPath + '): install Node ' + needed + ' (https://nodejs.org/) or switch to it (nvm use ' + needed + ').\n',
  );
  process.exit(2);
}
