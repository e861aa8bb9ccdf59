/** Where a command writes: injectable so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour diagnostics (standard error is a terminal that wants colour); false when absent. */
  color?: boolean;
  /** Reads the whole of standard input (a FILE named `-`); the process' own when absent. */
  readStdin?: () => string;
}

/**
 * Whether a stream wants colour: a terminal, without `NO_COLOR` set to anything (https://no-color.org) and
 * not a `dumb` one.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env['NO_COLOR'] && env['TERM'] !== 'dumb';
}

export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  get color() {
    return wantsColor(process.stderr);
  },
};
