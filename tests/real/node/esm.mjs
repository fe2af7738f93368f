// esm.mjs - an ES module importing node's built-ins and a CommonJS file (named exports found
// by cjs-module-lexer, which Debian ships in /usr/share/nodejs), top-level await, dynamic import.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
writeFileSync('lib.cjs', 'exports.twice = (x) => 2 * x; exports.name = "cjs";\n');
const lib = await import('./lib.cjs');
console.log('cjs named exports', lib.twice(21), lib.name, Object.keys(lib).sort().join(','));
const require = createRequire(import.meta.url);
console.log('require', require('./lib.cjs').twice(5), typeof require('node:util').inspect);
console.log('sha1 of self', createHash('sha1').update(readFileSync(new URL(import.meta.url))).digest('hex'));
const { inspect } = await import('node:util');
console.log('inspect', inspect({ a: [1, { b: new Map([[1, 2]]) }], s: new Set(['x']) }, { depth: 4 }));
console.log('versions', Object.keys(process.versions).sort().join(','), process.versions.v8);
