/**
 * What a state's structure must say when the state is left: its success flag against the result the client
 * recorded (`ok`), and the state's structure checks (`checks`). Pure functions of the description, the
 * frame and the names' values; the fake turns a broken rule into a violation.
 */
import { FAILED, hresultName, type HRESULT } from './hresult.js';
import {
  describeCondition,
  formatFlags,
  meetsCondition,
  protocolValue,
  type ProtocolOkFlag,
  type ProtocolRule,
  type ProtocolState,
} from './protocol.js';

export interface BrokenRule {
  readonly rule: ProtocolRule;
  readonly text: string;
}

interface LeavingFrame {
  readonly state: string;
  readonly structure: unknown;
  readonly result: HRESULT | undefined;
  readonly hasResult: boolean;
}

function member(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function carries(value: unknown, flag: number): boolean {
  return typeof value === 'number' && ((value >>> 0) & (flag >>> 0)) === flag >>> 0;
}

const cite = (source: string | undefined): string => (source ? ` (${source})` : '');

/** The first rule the leaving state's structure breaks, or undefined. */
export function checkLeave(
  state: ProtocolState,
  frame: LeavingFrame,
  constants: Readonly<Record<string, number>>,
  resultMethod: string,
): BrokenRule | undefined {
  if (state.ok !== undefined && frame.hasResult && typeof frame.result === 'number') {
    const broken = checkOk(state, state.ok, frame, constants, resultMethod);
    if (broken !== undefined) return broken;
  }
  for (const check of state.checks ?? []) {
    const structure = state.structure ?? state.name;
    if (check.if !== undefined && !meetsCondition(frame.structure, check.if, constants)) continue;
    if (meetsCondition(frame.structure, check.then, constants)) continue;
    const because = check.if !== undefined ? `${describeCondition(check.if, structure)}, so ` : '';
    const actual = member(frame.structure, check.then.member);
    const shown = check.then.notNull !== undefined ? (actual === null || actual === undefined ? 'null' : 'not null') : formatFlags(actual);
    return {
      rule: 'structure-check',
      text:
        `state ${frame.state} is left, and ${because}${describeCondition(check.then, structure)} is required; ` +
        `${structure}.${check.then.member} is ${shown}${cite(check.source)}`,
    };
  }
  return undefined;
}

function checkOk(
  state: ProtocolState,
  ok: ProtocolOkFlag,
  frame: LeavingFrame,
  constants: Readonly<Record<string, number>>,
  resultMethod: string,
): BrokenRule | undefined {
  const flag = protocolValue(ok.flag, constants);
  if (flag === undefined) return undefined;
  const name = String(ok.flag);
  const field = ok.member ?? 'ulFlags';
  const structure = state.structure ?? state.name;
  const result = frame.result!;
  const reported = `reported ${hresultName(result)} with ${resultMethod}`;
  if (ok.each !== undefined) {
    // On success every element carries the flag; a failure may have uploaded some of them (the pages do not say).
    if (FAILED(result)) return undefined;
    const elements = member(frame.structure, ok.each);
    const list = Array.isArray(elements) ? elements : [];
    const index = list.findIndex((e) => !carries(member(e, field), flag));
    if (index < 0) return undefined;
    return {
      rule: 'ok-flag',
      text:
        `state ${frame.state} ${reported}, but ${structure}.${ok.each}[${index}].${field} ` +
        `(${formatFlags(member(list[index], field))}) lacks ${name}; on success the client sets ${name} in every entry${cite(ok.source)}`,
    };
  }
  const value = member(frame.structure, field);
  const set = carries(value, flag);
  if (!FAILED(result) && !set) {
    return {
      rule: 'ok-flag',
      text:
        `state ${frame.state} ${reported}, but ${structure}.${field} (${formatFlags(value)}) lacks ${name}; ` +
        `a client that completed the state sets ${name}${cite(ok.source)}`,
    };
  }
  if (FAILED(result) && set) {
    return {
      rule: 'ok-flag',
      text:
        `state ${frame.state} ${reported}, but ${structure}.${field} (${formatFlags(value)}) carries ${name}, ` +
        `which a client sets only when the state succeeded${cite(ok.source)}`,
    };
  }
  return undefined;
}
