// jit.js - hot loops, many small functions, polymorphic call sites, deoptimisation and
// on-stack replacement: V8's Sparkplug/Maglev-less Turbofan tiers generate and patch code.
'use strict';
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
let acc = 0;
for (let i = 0; i < 2000000; i++) { acc = (acc + Math.imul(i, 2654435761)) | 0; }  // OSR
console.log('osr', acc);
console.log('fib', fib(27));
const fns = [];
for (let k = 0; k < 400; k++) { fns.push(new Function('x', `return (x * ${k + 1}) ^ ${k};`)); }
let s = 0;
for (let r = 0; r < 200; r++) { for (const f of fns) { s = (s + f(r)) | 0; } }
console.log('many functions', s);
class A { v() { return 1; } } class B { v() { return 2.5; } } class C { v() { return 'c'; } }
const objs = [new A(), new B(), new C(), { v: () => null }];
let poly = '';
for (let i = 0; i < 200000; i++) { const o = objs[i % (i < 100000 ? 1 : 4)]; poly = String(o.v()); }
console.log('polymorphic/deopt', poly);
// float and integer paths, switching types in a hot function forces deoptimisation
function add(a, b) { return a + b; }
let t = 0;
for (let i = 0; i < 500000; i++) { t = add(t, i); }
console.log('int', t, 'float', add(0.1, 0.2), 'string', add('a', 1));
let h = 0x811c9dc5;
const str = 'The quick brown fox jumps over the lazy dog'.repeat(2000);
for (let i = 0; i < str.length; i++) { h = Math.imul(h ^ str.charCodeAt(i), 16777619) >>> 0; }
console.log('fnv1a', h.toString(16));
console.log('math', Math.sin(1).toFixed(15), Math.exp(10).toExponential(12), Math.sqrt(2) ** 7);
console.log('bigint', (2n ** 521n - 1n) % 1000000007n, BigInt.asUintN(64, -1n).toString(16));
