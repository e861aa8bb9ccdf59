/**
 * Differences between two docs variants in what the pages define besides interfaces: structures
 * (members, in order), enumerations (members and values), constants, IIDs and states. Facts are compared
 * by name; URLs and notes are not.
 */
import type { SpecDocument } from './types';

export interface DataDifference {
  declaration: string;
  url: string;
  message: string;
}

/** What `variant` states differently from `reference` about structures, enumerations, constants, IIDs and states. */
export function compareVariantData(reference: SpecDocument, variant: SpecDocument): DataDifference[] {
  const out: DataDifference[] = [];
  const ref = reference.source;
  const add = (declaration: string, url: string, message: string): void => {
    out.push({ declaration, url, message: `${variant.source}: ${message}` });
  };
  const field = (f: { name: string; type: string }): string => `${f.type} ${f.name}`.trim();

  for (const rs of reference.structures) {
    const vs = variant.structures.find((x) => x.name === rs.name);
    if (vs === undefined) add(rs.name, rs.url, `structure ${rs.name} is missing, ${ref} has it`);
    else if (vs.fields.map(field).join('; ') !== rs.fields.map(field).join('; ')) {
      add(rs.name, vs.url, `structure ${rs.name} is { ${vs.fields.map(field).join('; ')} }, ${ref} has { ${rs.fields.map(field).join('; ')} }`);
    }
  }
  for (const re of reference.enums) {
    const ve = variant.enums.find((x) => x.name === re.name);
    const text = (e: typeof re): string => e.members.map((m) => `${m.name} = ${m.value}`).join(', ');
    if (ve === undefined) add(re.name, re.url, `enumeration ${re.name} is missing, ${ref} has it`);
    else if (text(ve) !== text(re)) add(re.name, ve.url, `enumeration ${re.name} is { ${text(ve)} }, ${ref} has { ${text(re)} }`);
  }
  // The page and the top section: localized constants pages, made from an older English page, put the
  // Replication API table under a "Constants" heading that today's English page lacks.
  const constantKey = (c: { name: string; section: string; url: string }): string =>
    `${c.url.slice(c.url.lastIndexOf('/') + 1)} ${c.section.split('/')[0]} ${c.name}`;
  for (const rc of reference.constants) {
    const vc = variant.constants.find((x) => constantKey(x) === constantKey(rc));
    if (vc === undefined) add(rc.name, rc.url, `constant ${rc.name} (${rc.section}) is missing, ${ref} has ${rc.text}`);
    else if (vc.value !== rc.value || (vc.value === null && vc.text !== rc.text)) {
      add(rc.name, vc.url, `constant ${rc.name} is ${vc.text}, ${ref} has ${rc.text}`);
    }
  }
  for (const vc of variant.constants) {
    if (!reference.constants.some((x) => constantKey(x) === constantKey(vc))) add(vc.name, vc.url, `constant ${vc.name} (${vc.section}) is not in ${ref}`);
  }
  for (const ri of reference.iids) {
    const vi = variant.iids.find((x) => x.name === ri.name);
    if (vi === undefined) add(ri.name, ri.url, `${ri.name} is missing, ${ref} has it`);
    else if (vi.guid !== ri.guid) add(ri.name, vi.url, `${ri.name} is ${vi.guid}, ${ref} has ${ri.guid}`);
  }
  for (const vi of variant.iids) {
    if (!reference.iids.some((x) => x.name === vi.name)) add(vi.name, vi.url, `${vi.name} is not in ${ref}`);
  }
  const stateText = (s: SpecDocument['states'][number]): string => `${s.structure ?? 'no structure'}, from ${s.parents.join(', ') || 'nowhere'}`;
  for (const rs of reference.states) {
    const vs = variant.states.find((x) => x.identifier === rs.identifier);
    if (vs === undefined) add(rs.identifier, rs.url, `state ${rs.identifier} is missing, ${ref} has it`);
    else if (stateText(vs) !== stateText(rs)) add(rs.identifier, vs.url, `state ${rs.identifier} has ${stateText(vs)}, ${ref} has ${stateText(rs)}`);
  }
  for (const vs of variant.states) {
    if (!reference.states.some((x) => x.identifier === vs.identifier)) add(vs.identifier, vs.url, `state ${vs.identifier} is not in ${ref}`);
  }
  return out;
}
