/**
 * A golden fixture from IDL none of us wrote: Wine's objidl.idl (with what it imports), through the three
 * emitters, against `fixtures/_wine-objidl/expected/`; the output must also compile, strict. The input comes
 * from the Wine corpus (`npm run wine:fetch`); skipped, with a warning, when the corpus has not been fetched (a failure on CI, `CI` set).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { compilePackages, expectPackages, FIXTURES, generateFixture, REPO_ROOT } from './helpers';

const WINE_DIRS = ['usr/include/wine/wine/windows', 'usr/include/wine/wine'].map((d) => path.join(REPO_ROOT, '.cache/wine/root', d));
const OBJIDL = path.join(WINE_DIRS[0], 'objidl.idl');

if (!existsSync(OBJIDL) && process.env['CI']) {
  it('Wine objidl.idl golden fixture needs the corpus', () => {
    throw new Error(`no ${OBJIDL}: CI must fetch the Wine corpus (npm run wine:fetch)`);
  });
} else if (!existsSync(OBJIDL)) {
  console.warn('skipped: Wine corpus not fetched; run npm run wine:fetch');
  it.skip('Wine objidl.idl golden fixture', () => undefined);
} else {
  describe("Wine's objidl.idl", () => {
    // Paths in headers are relative to the corpus root, so the output does not depend on the checkout.
    const packages = generateFixture('wine-objidl', OBJIDL, {
      root: path.join(REPO_ROOT, '.cache/wine/root'),
      source: 'usr/include/wine/wine/windows',
      includeDirs: WINE_DIRS,
      defines: { __WIDL__: '0x80000', _WIN32: '1' },
    });

    it('generates the expected files', () => {
      expectPackages(path.join(FIXTURES, '_wine-objidl', 'expected'), packages);
    });

    it('compiles under strict TypeScript', () => {
      expect(compilePackages(packages)).toEqual([]);
    });

    it('has every interface of objidl.idl with its vtable', () => {
      const vtables = packages[0].files.find((f) => f.path === 'src/vtables.ts')!.text;
      for (const name of ['IMarshal', 'IStream', 'IStorage', 'IMoniker', 'IRunningObjectTable', 'IBindCtx']) expect(vtables).toContain(`'${name}': {`);
    });
  });
}
