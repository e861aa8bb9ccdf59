/** `--help` for the main command and each command: every command and every option explained. */
import { cli } from './helpers';

const COMMANDS = ['init', 'vtable', 'parse', 'print', 'spec-check', 'diff', 'generate', 'check'];
const ALL_OPTIONS = ['-I', '-D', '--json', '--docs', '--help', '--config', '--idl', '--out', '--scope', '--name', '--protocol', '--module-format', '--form', '--watch', '--update-lock', '--lenient'];

/** The `Options:` (or `Common options:`) section: option → its explanation. */
function optionsSection(help: string): Map<string, string> {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => /^(Common )?[Oo]ptions:$/.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const out = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    const m = /^ {2}(\S.*?) {2,}(\S.*)$/.exec(line);
    expect(m).not.toBeNull();
    for (const spelling of m![1].split(/,\s*/)) out.set(spelling.split(' ')[0], m![2]);
  }
  return out;
}

describe('comidl --help', () => {
  it.each([['--help'], ['-h'], ['help']])('comidl %s prints the main help, exit 0', (arg) => {
    const r = cli(arg);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Usage: comidl <command> \[options\] FILE\.\.\.\n/);
  });

  it('comidl alone prints the main help and exits 2 (no command given)', () => {
    const r = cli();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(cli('--help').stdout);
  });

  it('explains every command, the help command included', () => {
    const help = cli('--help').stdout;
    const section = help.split('\n\n').find((p) => p.startsWith('Commands:'))!;
    const listed = section
      .split('\n')
      .slice(1)
      .map((l) => /^ {2}(\S+) +(\S.{10,})$/.exec(l));
    expect(listed.every((m) => m !== null)).toBe(true);
    expect(listed.map((m) => m![1])).toEqual([...COMMANDS, 'help']);
  });

  it('explains the common options and the exit statuses', () => {
    const help = cli('--help').stdout;
    const options = optionsSection(help);
    expect([...options.keys()]).toEqual(['-I', '-D', '--help', '-h', '--version', '--']);
    for (const text of options.values()) expect(text.length).toBeGreaterThan(10);
    expect(help).toMatch(/0 success; 1 errors in the input, stale generated files, or an environment error/);
    expect(help).toMatch(/2 wrong usage; 3 an internal error/);
  });

  it('help of an unknown command is wrong usage', () => {
    const r = cli('help', 'frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^comidl help: unknown command 'frobnicate'\n/);
  });

  it('takes no property of a plain object for a command', () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect(cli('help', name)).toMatchObject({ code: 2, stderr: expect.stringMatching(new RegExp(`^comidl help: unknown command '${name}'\n`)) });
      expect(cli(name, 'x.idl')).toMatchObject({ code: 2, stderr: expect.stringMatching(new RegExp(`^comidl: unknown command '${name}'\n`)) });
    }
  });
});

describe.each(COMMANDS)('comidl %s --help', (command) => {
  const help = cli(command, '--help').stdout;

  it('is the same text through --help, -h and help COMMAND, exit 0, with a usage line', () => {
    for (const argv of [[command, '--help'], [command, '-h'], ['help', command], ['--help', command]]) {
      expect(cli(...argv)).toEqual({ code: 0, stdout: help, stderr: '' });
    }
    expect(help).toMatch(new RegExp(`^Usage: comidl ${command} `));
    // A description after the usage line.
    expect(help.split('\n\n')[1].length).toBeGreaterThan(60);
  });

  it('explains every option of its usage line, and --help', () => {
    const usage = help.split('\n')[0];
    const inUsage = ALL_OPTIONS.filter((o) => new RegExp(`(^|[\\s\\[])${o}(?=[\\s\\]=]|$)`).test(usage));
    const explained = optionsSection(help);
    for (const option of [...inUsage, '--help']) {
      expect({ option, explained: explained.has(option) }).toEqual({ option, explained: true });
      expect(explained.get(option)!.length).toBeGreaterThan(10);
    }
    // Nothing explained that the usage line leaves out (-h is --help's short form).
    expect([...explained.keys()].filter((o) => !inUsage.includes(o) && o !== '--help' && o !== '-h')).toEqual([]);
  });

  it('accepts the options it explains and rejects the others', () => {
    const explained = [...optionsSection(help).keys()];
    for (const option of ['--json', '--docs']) {
      const argv = option === '--docs' ? [command, option, '/nonexistent', 'x.idl'] : [command, option, 'x.idl'];
      const r = cli(...argv);
      const rejected = r.stderr.includes(`option ${option} does not apply`);
      expect({ option, rejected }).toEqual({ option, rejected: !explained.includes(option) });
    }
  });
});
