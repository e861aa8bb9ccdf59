/**
 * Documented departures: a difference is accepted when a departure of the config names its
 * declaration, kind and both texts exactly; a departure difference that matches nothing in a run is
 * reported (`stale-departure`, at the departure in the config file), so the list always says exactly
 * where the IDL departs from the pages, and nothing else may differ.
 */
import type { Departure, DepartureDifference } from '../config/spec-check-config';
import { learnUrl } from '../learn-url';
import type { SpecDifference } from './difference';

export interface AcceptedDifference {
  difference: SpecDifference;
  departure: Departure;
}

export interface DepartureResult {
  /** Differences no departure accepts, stale departures included. */
  differences: SpecDifference[];
  accepted: AcceptedDifference[];
}

function matches(d: SpecDifference, e: DepartureDifference): boolean {
  return d.declaration === e.declaration && d.kind === e.kind && d.docs === e.docs && d.idl === e.idl;
}

/** Splits `differences` into those departures accept and the rest; `locale` gives the URLs of stale departures' pages. */
export function applyDepartures(
  differences: readonly SpecDifference[],
  departures: readonly Departure[],
  locale: string | null,
): DepartureResult {
  const accepted: AcceptedDifference[] = [];
  const rest: SpecDifference[] = [];
  for (const d of differences) {
    const departure = departures.find((p) => p.differences.some((e) => matches(d, e)));
    if (departure === undefined) rest.push(d);
    else accepted.push({ difference: d, departure });
  }
  for (const p of departures) {
    for (const e of p.differences) {
      if (differences.some((d) => matches(d, e))) continue;
      rest.push({
        kind: 'stale-departure',
        declaration: e.declaration,
        slot: null,
        location: { file: e.location.file, line: e.location.line, column: e.location.column },
        url: learnUrl(p.page, locale),
        message: `documented departure ${e.kind} of ${e.declaration} (docs "${e.docs}", IDL "${e.idl}") does not occur`,
        docs: e.docs,
        idl: e.idl,
      });
    }
  }
  return { differences: rest, accepted };
}
