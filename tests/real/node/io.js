// io.js - fs (sync, callback and promise APIs, streams), zlib (deflate/gzip/brotli round
// trips), crypto hashes and HMAC, Buffer encodings, path; in the directory given as argv[2].
'use strict';
const fs = require('fs'), fsp = require('fs/promises'), path = require('path');
const zlib = require('zlib'), crypto = require('crypto');
const dir = process.argv[2];
fs.mkdirSync(dir, { recursive: true });
const data = Buffer.alloc(100000);
for (let i = 0; i < data.length; i++) { data[i] = (i * 7 + (i >> 8)) & 0xff; }
fs.writeFileSync(path.join(dir, 'a.bin'), data);
fs.mkdirSync(path.join(dir, 'sub/deeper'), { recursive: true });
fs.writeFileSync(path.join(dir, 'sub/deeper/t.txt'), 'hello\n'.repeat(100));
fs.symlinkSync('a.bin', path.join(dir, 'link'));
console.log('fs sizes', fs.statSync(path.join(dir, 'a.bin')).size, fs.lstatSync(path.join(dir, 'link')).isSymbolicLink(), fs.readlinkSync(path.join(dir, 'link')));
console.log('fs readdir', fs.readdirSync(dir).sort().join(','), fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).length);
const sha = (b, alg) => crypto.createHash(alg).update(b).digest('hex');
for (const alg of ['md5', 'sha1', 'sha256', 'sha512', 'sha3-256']) { console.log('hash', alg, sha(data, alg)); }
console.log('hmac', crypto.createHmac('sha256', 'key').update(data).digest('base64'));
console.log('pbkdf2', crypto.pbkdf2Sync('pw', 'salt', 1000, 32, 'sha256').toString('hex'));
const key = Buffer.alloc(32, 1), iv = Buffer.alloc(16, 2);
const c = crypto.createCipheriv('aes-256-cbc', key, iv);
const ct = Buffer.concat([c.update(data), c.final()]);
const d = crypto.createDecipheriv('aes-256-cbc', key, iv);
console.log('aes-256-cbc', sha(ct, 'sha256'), Buffer.concat([d.update(ct), d.final()]).equals(data));
for (const [name, enc, dec] of [['deflate', zlib.deflateSync, zlib.inflateSync], ['gzip', zlib.gzipSync, zlib.gunzipSync], ['brotli', zlib.brotliCompressSync, zlib.brotliDecompressSync]]) {
  const z = enc(data);
  console.log('zlib', name, z.length, name === 'gzip' ? '' : sha(z, 'sha256'), dec(z).equals(data));
}
const b = Buffer.from('héllo wörld ✓');
console.log('buffer', b.toString('hex'), b.toString('base64'), b.toString('latin1').length, Buffer.from('aGk=', 'base64').toString());
console.log('path', path.resolve('/a/b', '../c/./d'), path.relative('/x/y/z', '/x/q'), path.extname('f.tar.gz'));
(async () => {
  const txt = await fsp.readFile(path.join(dir, 'sub/deeper/t.txt'), 'utf8');
  console.log('fs promises', txt.length, txt.split('\n').length);
  await new Promise((resolve, reject) => {
    fs.createReadStream(path.join(dir, 'a.bin')).pipe(zlib.createGzip()).pipe(fs.createWriteStream(path.join(dir, 'a.gz')))
      .on('finish', resolve).on('error', reject);
  });
  const back = zlib.gunzipSync(fs.readFileSync(path.join(dir, 'a.gz')));
  console.log('stream gzip', back.equals(data));
  fs.readFile(path.join(dir, 'missing'), (err) => console.log('fs error', err.code, err.syscall));
  await fsp.rm(path.join(dir, 'sub'), { recursive: true });
  console.log('fs rm', fs.existsSync(path.join(dir, 'sub')));
})();
