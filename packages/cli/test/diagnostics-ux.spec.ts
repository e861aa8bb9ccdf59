/**
 * How diagnostics read: MIDL rules widl does not enforce are errors that name the switch, warnings under
 * --lenient or a config's severities (and warnings alone succeed); errors in imported and included files
 * show the chain that reached them; a missing include or import hints at -I; a run ends with its counts;
 * colour only on a terminal that wants it; files that are not regular files are refused, never read.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { wantsColor } from '../src/io';
import { run } from '../src';
import { cliIn, expectCompilerDiagnostics, tempDir, writeFiles, BASE_IDL } from './helpers';

const NO_UUID = `import "base.idl";
[object]
interface INoUuid : IUnknown
{
    HRESULT Run(void);
}
`;

describe('MIDL rules widl does not enforce', () => {
  const dir = tempDir('ux-lenient', (d) => writeFiles(d, { 'base.idl': BASE_IDL, 'nouuid.idl': NO_UUID }));

  it('are errors by default, and the message says that widl accepts them and names the switch', () => {
    const r = cliIn(dir, 'vtable', 'nouuid.idl');
    expect(r.code).toBe(1);
    expect(expectCompilerDiagnostics(r.stderr, dir)).toEqual([
      'nouuid.idl:2:1: error M005: [object] interface INoUuid has no uuid (widl accepts this; --lenient or "severity": {"M005": "warning"} makes it a warning)',
    ]);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('Found 1 error and 0 warnings.');
  });

  it('--lenient makes them warnings, printed with code and place; a run with only warnings succeeds', () => {
    const r = cliIn(dir, 'vtable', '--lenient', 'nouuid.idl');
    expect(r.code).toBe(0);
    expect(expectCompilerDiagnostics(r.stderr, dir)).toEqual(['nouuid.idl:2:1: warning M005: [object] interface INoUuid has no uuid']);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('Found 0 errors and 1 warning.');
    const report = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string }[] };
    expect(report.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(['M005 warning']);
  });
});

describe('the chain that reached a file', () => {
  const dir = tempDir('ux-chain', (d) =>
    writeFiles(d, {
      'base.idl': BASE_IDL,
      'inc/broken.h': 'typedef struct tagX { long a } X;\n',
      'middle.idl': 'import "base.idl";\n#include "inc/broken.h"\ntypedef Missing M;\n',
      'top.idl': '/* the top */\nimport "middle.idl";\n',
    }),
  );

  it('an error in an imported file shows the imports that reached it, nearest first; one in an #include, the include too', () => {
    const r = cliIn(dir, 'vtable', 'top.idl');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(['middle.idl:3:9: error M001: unknown type \'Missing\'', '  typedef Missing M;', '          ^', '  imported from top.idl:2'].join('\n'));
    expect(r.stderr).toContain('  included from middle.idl:2; imported from top.idl:2\n');
  });

  it('a missing #include or import says where it looked and hints at -I', () => {
    writeFileSync(path.join(dir, 'lost.idl'), '#include "gone.h"\nimport "away.idl";\n');
    const r = cliIn(dir, 'vtable', 'lost.idl');
    expect(r.stderr).toMatch(/lost\.idl:1:10: error PP001: cannot find include file 'gone\.h' \(looked in .+\); add the folder that holds it with -I DIR/);
    expect(r.stderr).toMatch(/lost\.idl:2:1: error M010: cannot find imported file 'away\.idl' \(looked in .+\); add the folder that holds it with -I DIR/);
  });
});

describe('colour', () => {
  const dir = tempDir('ux-colour', (d) => writeFiles(d, { 'bad.idl': 'typedef Missing M;\n' }));

  it('is used on a terminal that wants it, and never otherwise', () => {
    let stderr = '';
    const before = process.cwd();
    process.chdir(dir);
    try {
      run(['vtable', 'bad.idl'], { stdout: () => {}, stderr: (t) => (stderr += t), color: true });
      expect(stderr).toContain('\u001b[91merror\u001b[0m');
      stderr = '';
      run(['vtable', 'bad.idl'], { stdout: () => {}, stderr: (t) => (stderr += t), color: false });
      expect(stderr).not.toContain('\u001b[');
    } finally {
      process.chdir(before);
    }
  });

  it('wanted on a TTY only, and not with NO_COLOR or TERM=dumb', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });

  it('escape sequences in the input are shown as text, never sent to the terminal', () => {
    writeFileSync(path.join(dir, 'escape.idl'), 'typedef Missing\u001b[2J M;\n');
    const r = cliIn(dir, 'vtable', 'escape.idl');
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).toContain('\\x1b[2J');
  });
});

describe('only regular files are read', () => {
  const fifo = process.platform !== 'win32';
  const dir = tempDir('ux-files', (d) => {
    writeFiles(d, { 'zero.idl': '#include "/dev/zero"\n', 'dir.idl': 'import "sub";\n', 'sub/x.idl': '' });
    if (fifo) {
      execFileSync('mkfifo', [path.join(d, 'pipe.h')]);
      writeFiles(d, { 'inc-fifo.idl': '#include "pipe.h"\n', 'imp-fifo.idl': 'import "pipe.h";\n' });
    }
  });

  it('a device as #include: PP028 at the file name, nothing read', () => {
    const r = cliIn(dir, 'vtable', 'zero.idl');
    expect(r.code).toBe(1);
    expect(expectCompilerDiagnostics(r.stderr, dir)).toEqual(["zero.idl:1:10: error PP028: cannot include '/dev/zero': not a regular file (a device)"]);
  });

  (fifo ? it : it.skip)('a FIFO as #include or import: a located error at once, never a read that blocks', () => {
    const inc = cliIn(dir, 'vtable', 'inc-fifo.idl');
    expect(expectCompilerDiagnostics(inc.stderr, dir)[0]).toBe("inc-fifo.idl:1:10: error PP028: cannot include 'pipe.h': not a regular file (a FIFO)");
    const imp = cliIn(dir, 'vtable', 'imp-fifo.idl');
    expect(expectCompilerDiagnostics(imp.stderr, dir)[0]).toMatch(/^imp-fifo\.idl:1:1: error M010: cannot import 'pipe\.h' \(.*pipe\.h: not a regular file \(a FIFO\)\)$/);
    const direct = cliIn(dir, 'parse', '--json', 'pipe.h');
    expect(direct.code).toBe(1);
    expect(direct.stderr).toMatch(/pipe\.h:1:1: error IO001: cannot read file 'pipe\.h': not a regular file \(a FIFO\)/);
  });

  it('a folder as an import: M010 says so', () => {
    const r = cliIn(dir, 'vtable', 'dir.idl');
    expect(expectCompilerDiagnostics(r.stderr, dir)[0]).toMatch(/^dir\.idl:1:1: error M010: cannot import 'sub' \(.*sub: not a regular file \(a directory\)\)$/);
  });
});

describe('parse --json', () => {
  const dir = tempDir('ux-json', (d) => writeFiles(d, { 'sum.idl': `const long X = ${'1 + '.repeat(990)}1;\n` }));

  it('is one line whose size grows with the input, not with the depth of the tree', () => {
    const r = cliIn(dir, 'parse', '--json', 'sum.idl');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    // 991 number nodes and 990 binary nodes, each with a span: about 200 bytes a node, whatever the depth.
    expect(r.stdout.length).toBeLessThan(1_981 * 250);
  });
});

describe('comidl.config.json: lenient and severity', () => {
  const config = (extra: object) => JSON.stringify({ name: 'lib', scope: '@lib', files: ['nouuid.idl'], ...extra });
  const dir = tempDir('ux-config', (d) =>
    writeFiles(d, {
      'base.idl': BASE_IDL,
      'nouuid.idl': NO_UUID,
      'lenient/comidl.config.json': config({ lenient: true, files: ['../nouuid.idl'] }),
      'one/comidl.config.json': config({ severity: { M005: 'warning' }, files: ['../nouuid.idl'] }),
      'kept/comidl.config.json': config({ lenient: true, severity: { M005: 'error' }, files: ['../nouuid.idl'] }),
    }),
  );

  it.each([
    ['lenient', 0, 'warning M005'],
    ['one', 0, 'warning M005'],
    ['kept', 1, 'error M005'],
  ])('%s: generation exits %i with %s', (folder, code, shown) => {
    const r = cliIn(dir, 'generate', '--config', folder, '--out', `out-${folder}`);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(`nouuid.idl:2:1: ${shown}: [object] interface INoUuid has no uuid`);
    expect(r.stderr).toContain(code ? 'Found 1 error and 0 warnings.' : 'Found 0 errors and 1 warning.');
  });

  it.each([
    [{ lenient: 'yes' }, ':1:66: error: lenient: must be true or false'],
    [{ severity: { M001: 'warning' } }, ':1:75: error: severity.M001: only these codes can change severity: M002, M003, M004, M005, M006, M009, M011'],
    [{ severity: { M005: 'info' } }, ':1:75: error: severity.M005: "info" is not "error" or "warning"'],
    [{ severity: 'warning' }, ':1:67: error: severity: must be an object of rule codes and severities, such as { "M005": "warning" }'],
    [{ includeDirs: 'inc' }, ':1:70: error: includeDirs: must be a list of folders'],
    [{ defines: ['X'] }, ':1:66: error: defines: must be an object of preprocessor macros'],
    [{ protocols: 3 }, ':1:68: error: protocols: must be a list of protocol descriptions'],
  ])('a config with %j is an error that says what is wrong, never an internal error', (extra, message) => {
    writeFiles(dir, { 'bad/comidl.config.json': config({ files: ['../nouuid.idl'], ...extra }) });
    const r = cliIn(dir, 'check', '--config', 'bad', '--out', 'out-bad');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`bad/comidl.config.json${message}`);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('a config that is no JSON object is an error too', () => {
    for (const text of ['null', '5', '[]']) {
      writeFiles(dir, { 'bad/comidl.config.json': text });
      const r = cliIn(dir, 'check', '--config', 'bad', '--out', 'out-bad');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('bad/comidl.config.json:1:1: error: must be a JSON object with name, scope, files');
    }
  });
});
