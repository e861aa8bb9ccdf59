/** Whether diagnostics are coloured in this run: set by `run` from its output (`CliIo.color`). */
let enabled = false;

export function useColor(on: boolean): void {
  enabled = on;
}

export function colorEnabled(): boolean {
  return enabled;
}
