// data.js - regular expressions (irregexp compiles them to native code), JSON, typed
// arrays and DataView, Map/Set, sorting, string building, Intl-free formatting.
'use strict';
const text = [];
for (let i = 0; i < 2000; i++) { text.push(`user${i}@host${i % 17}.example.org id=${i * 7919 % 10007} tag:${(i * 31) % 97}`); }
const all = text.join('\n');
const emails = all.match(/\b[a-z]+\d+@[a-z]+\d*\.example\.org\b/g);
console.log('regex match', emails.length, emails[1234]);
const re = /id=(\d+) tag:(\d+)/g;
let m, sum = 0;
while ((m = re.exec(all)) !== null) { sum += Number(m[1]) * Number(m[2]); }
console.log('regex exec', sum);
console.log('regex replace', all.replace(/host(\d+)/g, (_, d) => 'H' + (d * 3)).length);
console.log('regex split', all.split(/[@.\n= :]+/).length, /^(a+)+$/.test('a'.repeat(24) + 'b'));
console.log('unicode regex', 'Grüße, Ελλάδα, 日本語'.match(/\p{L}+/gu).join('|'));
const obj = { list: [], nested: { deep: { deeper: [1, 2.5, -3e-7, true, null, 'x\u2028y'] } } };
for (let i = 0; i < 3000; i++) { obj.list.push({ i, s: 's' + i, f: i / 7 }); }
const js = JSON.stringify(obj);
const back = JSON.parse(js);
console.log('json', js.length, back.list[2999].f, JSON.stringify(back.nested));
console.log('json indent', JSON.stringify({ a: [1, { b: 2 }], c: 'd' }, null, 2).length);
const f64 = new Float64Array(20000);
let seed = 12345;  // an LCG, not Math.sin: arm64 libm-style code may fuse multiply-adds
for (let i = 0; i < f64.length; i++) { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; f64[i] = (seed / 4294967296 - 0.5) * 1000 / (1 + (i % 7)); }
f64.sort();
const u8 = new Uint8Array(f64.buffer);
let x = 0;
for (let i = 0; i < u8.length; i++) { x = (x * 31 + u8[i]) >>> 0; }
console.log('typed arrays', f64[0], f64[19999], x);
const dv = new DataView(new ArrayBuffer(16));
dv.setFloat32(0, Math.PI); dv.setUint32(4, 0xdeadbeef, true); dv.setBigInt64(8, -2n);
console.log('dataview', dv.getUint32(0).toString(16), dv.getUint8(4), dv.getBigUint64(8));
const i32 = Int32Array.from({ length: 20000 }, (_, i) => (i * 2654435761) | 0);
console.log('int32 sort', i32.sort().slice(0, 3).join(','), i32.reduce((a, b) => (a + b) | 0, 0));
const map = new Map();
for (let i = 0; i < 30000; i++) { const k = 'k' + (i % 5003); map.set(k, (map.get(k) || 0) + i); }
console.log('map', map.size, map.get('k42'), new Set(all.split('')).size);
const words = all.split(/\s+/).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
console.log('sort', words[0], words[words.length - 1], words.length);
console.log('numbers', (123.456).toFixed(2), (0.000001234).toPrecision(3), (255).toString(2), parseFloat('1e-310'));
console.log('dates', new Date(Date.UTC(2020, 1, 29, 12, 0, 0)).toISOString(), new Date(0).getTime());
