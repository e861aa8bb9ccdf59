// Selects the IDL files widl compiled for libwine-dev: those with a
// widl-generated header beside them. Include-only fragments (no header, or a
// hand-written one such as xmldom.h) are covered by the files that #include them.

import fs from 'node:fs';
import path from 'node:path';
import { isWidlHeader } from './header-vtables.mjs';

function startsWithWidlBanner(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return isWidlHeader(buf.toString('latin1', 0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * @param {string[]} idlDirs
 * @returns {{idl: string, header: string, bytes: number}[]} sorted by path
 */
export function listCompiledIdl(idlDirs) {
  const out = [];
  for (const dir of idlDirs) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith('.idl')) continue;
      const idl = path.join(dir, name);
      const header = idl.slice(0, -'.idl'.length) + '.h';
      if (fs.existsSync(header) && startsWithWidlBanner(header)) {
        out.push({ idl, header, bytes: fs.statSync(idl).size });
      }
    }
  }
  return out;
}
