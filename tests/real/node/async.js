// async.js - Promises, async/await, microtask and timer ordering, generators, a worker
// thread (a second V8 isolate on another host thread) and a child process.
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
if (!isMainThread) {
  let s = 0n;
  for (let i = 1n; i <= BigInt(workerData); i++) { s += i * i; }
  parentPort.postMessage(s.toString());
  return;
}
const order = [];
// which of a 0 ms timeout and an immediate set from the main module runs first depends on
// timing, even natively; only the order within each kind is checked
const macro = [];
setTimeout(() => macro.push('timeout'), 0);
setImmediate(() => macro.push('immediate'));
Promise.resolve().then(() => order.push('micro1')).then(() => order.push('micro2'));
process.nextTick(() => order.push('tick'));
order.push('sync');
function* gen(n) { for (let i = 0; i < n; i++) { yield i * i; } }
const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
async function chain(n) { let v = 0; for (let i = 0; i < n; i++) { v += await Promise.resolve(i); } return v; }
(async () => {
  await new Promise((r) => setImmediate(r));
  await sleep(20);
  console.log('order', order.join(' '), '/', macro.sort().join(' '));
  console.log('generator', [...gen(10)].join(','));
  console.log('await chain', await chain(10000));
  const all = await Promise.all([sleep(30, 'a'), sleep(10, 'b'), 'c']);
  // the slow timer is unref'd and far away: under a loaded emulator both could be due at once
  const slow = new Promise((r) => setTimeout(() => r('slow'), 60000).unref());
  console.log('all', all.join(''), 'race', await Promise.race([slow, sleep(5, 'fast')]));
  const settled = await Promise.allSettled([Promise.reject(new Error('no')), 1]);
  console.log('allSettled', settled.map((s) => s.status).join(','));
  try { await (async () => { throw new TypeError('boom'); })(); } catch (e) { console.log('caught', e.name, e.message); }
  const results = await Promise.all([20000].map((n) => new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: n });
    w.on('message', resolve); w.on('error', reject);
  })));
  console.log('workers', results.join(' '));
  const { execFileSync, spawnSync } = require('child_process');
  console.log('child node', execFileSync(process.execPath, ['-e', 'console.log(6*7)']).toString().trim());
  const r = spawnSync(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], { input: 'piped\n' });
  console.log('child stdin', r.stdout.toString().trim(), r.status);
})();
