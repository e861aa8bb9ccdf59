/** A failed HRESULT as a JavaScript error, for callers that prefer exceptions to return codes. */
import { FAILED, hresultName, formatHresult, type HRESULT } from './hresult.js';

export interface ComErrorContext {
  interfaceName?: string;
  method?: string;
}

export class ComError extends Error {
  readonly hresult: HRESULT;
  readonly interfaceName: string | undefined;
  readonly method: string | undefined;

  constructor(hresult: HRESULT, message?: string, context: ComErrorContext = {}) {
    const where = context.interfaceName && context.method ? `${context.interfaceName}::${context.method}: ` : '';
    const name = hresultName(hresult);
    const code = name === formatHresult(hresult) ? name : `${name} (${formatHresult(hresult)})`;
    super(`${where}${code}${message ? `: ${message}` : ''}`);
    this.name = 'ComError';
    this.hresult = hresult | 0;
    this.interfaceName = context.interfaceName;
    this.method = context.method;
  }

  /** Throws a ComError when `hr` is a failure; returns it otherwise (S_OK, S_FALSE...). */
  static check(hr: HRESULT, context?: ComErrorContext): HRESULT {
    if (FAILED(hr)) throw new ComError(hr, undefined, context);
    return hr;
  }
}
