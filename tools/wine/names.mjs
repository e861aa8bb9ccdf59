// Maps the interface names our front end reports to the C names widl 8.0
// gives their vtables (`<cName>Vtbl`).
//
//   IOleWindow                                   -> IOleWindow
//   Windows.Foundation.IStringable               -> __x_ABI_CWindows_CFoundation_CIStringable
//   Windows.Foundation.AsyncActionCompletedHandler (delegate)
//                                                -> __x_ABI_CWindows_CFoundation_CIAsyncActionCompletedHandler
//   Windows.Foundation.Collections.IVectorView<Windows.Devices.Enumeration.DeviceInformation*>
//                                                -> __FIVectorView_1_Windows__CDevices__CEnumeration__CDeviceInformation
//
// Rules for parameterized instances, checked against every `__F...Vtbl` in the
// libwine-dev 8.0 headers and the `declare { ... }` entries that produced them
// (plus widl 8.0 runs on synthetic IDL for shapes the corpus lacks):
//
//   instance   := head Name '_' argCount ('_' arg)*
//   head       := '__F' if the template lives in Windows.Foundation(.Collections)
//                 (widl's shorthand), else '__x_ABI_C' + namespace joined by '_C' + '_C'
//   Name       := the template's name, with 'I' in front for delegates
//                 (EventHandler -> __FIEventHandler_1_..., TypedEventHandler -> __FITypedEventHandler_2_...)
//   arg, by what the type argument is (pointers '*' are dropped):
//     nested instance      the nested instance's name built the same way, but with namespace
//                          separator '__C' and head '_C' + namespace + '__C' (shorthand '__F'
//                          still applies), and no 'I' for delegates:
//                          IMapView<HSTRING, IVectorView<HSTRING>*> -> __FIMapView_2_HSTRING___FIVectorView_1_HSTRING
//     reference type (written with '*': interface, runtimeclass, delegate)
//                          namespace and name joined by '__C', no 'I' for delegates:
//                          Windows.Media.IMediaMarker* -> Windows__CMedia__CIMediaMarker,
//                          Windows.Devices.Enumeration.DeviceInformation* -> Windows__CDevices__CEnumeration__CDeviceInformation,
//                          IInspectable* -> IInspectable
//     value type in a namespace (struct, enum: written without '*')
//                          its bare name (a widl 8.0 quirk): Windows.UI.Color -> Color
//     named base type      as written: HSTRING, boolean, INT32, UINT32, DOUBLE
//     C keyword base type  empty (widl 8.0 has no name for them): unsigned int -> ''
//
// Delegates are not marked in a name; a WinRT type name that does not start
// with 'I' + capital letter is taken to be a delegate (true for every WinRT
// type in the corpus). Pass { kind: 'delegate' | 'interface' } to override.

const SHORTHANDS = [
  ['Windows__CFoundation__CCollections__C', '__F'],
  ['Windows_CFoundation_CCollections_C', '__F'],
  ['Windows__CFoundation__C', '__F'],
  ['Windows_CFoundation_C', '__F'],
];

const C_KEYWORD_TYPES = new Set([
  'signed', 'unsigned', 'int', 'short', 'long', 'small', 'char', 'hyper', 'double', 'float',
  'byte', 'wchar_t', '__int8', '__int16', '__int32', '__int64', '__int3264',
]);

export class TypeNameError extends Error {}

/**
 * Parses `A.B.IFoo<X*, C.D.IBar<HSTRING>*>` into
 * { path: ['A','B','IFoo'], words: null, args: [...], pointers: 0 }.
 */
export function parseTypeName(text) {
  const toks = text.match(/[A-Za-z_]\w*|[.<>,*]|\S/g) ?? [];
  let i = 0;
  const peek = () => toks[i];
  const fail = (what) => {
    throw new TypeNameError(`cannot parse type name ${JSON.stringify(text)}: ${what} at token ${i} (${JSON.stringify(toks[i] ?? 'end')})`);
  };
  const ident = () => (/^[A-Za-z_]\w*$/.test(peek() ?? '') ? toks[i++] : fail('expected identifier'));

  function type() {
    const path = [ident()];
    while (peek() === '.') {
      i++;
      path.push(ident());
    }
    let words = null;
    // `unsigned int`, `signed char`, ...: several words without dots.
    if (path.length === 1 && /^[A-Za-z_]\w*$/.test(peek() ?? '')) {
      words = [path[0]];
      while (/^[A-Za-z_]\w*$/.test(peek() ?? '')) words.push(toks[i++]);
    }
    let args = null;
    if (!words && peek() === '<') {
      i++;
      args = [type()];
      while (peek() === ',') {
        i++;
        args.push(type());
      }
      if (peek() !== '>') fail("expected '>' or ','");
      i++;
    }
    let pointers = 0;
    while (peek() === '*') {
      i++;
      pointers++;
    }
    return { path, words, args, pointers };
  }

  const t = type();
  if (i !== toks.length) fail('unexpected trailing text');
  return t;
}

const isWinrtDelegateName = (name) => !/^I[A-Z]/.test(name);

function templateIsDelegate(t, kind) {
  return kind ? kind === 'delegate' : isWinrtDelegateName(t.path.at(-1));
}

/** widl's format_parameterized_type_c_name(type, params, prefix, separator). */
function instanceName(t, { param, namePrefix }) {
  const ns = t.path.slice(0, -1);
  const nsPrefix = param ? '_C' : '__x_';
  const abi = param ? '' : 'ABI_C';
  const sep = param ? '__C' : '_C';
  let s = nsPrefix + (ns.length ? abi + ns.map((n) => n + sep).join('') : '');
  s += `${namePrefix}${t.path.at(-1)}_${t.args.length}`;
  for (const a of t.args) s += `_${argName(a)}`;
  const at = nsPrefix.length + (abi && ns.length ? abi.length : 0);
  for (const [from, to] of SHORTHANDS) {
    const k = s.indexOf(from);
    if (k !== -1 && k === at) s = to + s.slice(k + from.length);
  }
  return s;
}

/** How widl 8.0 spells one type argument inside an instance name. */
function argName(a) {
  if (a.words) return a.words.every((w) => C_KEYWORD_TYPES.has(w)) ? '' : a.words.join(' ');
  if (a.args) return instanceName(a, { param: true, namePrefix: '' });
  if (a.path.length === 1) return C_KEYWORD_TYPES.has(a.path[0]) ? '' : a.path[0];
  if (a.pointers > 0) return a.path.join('__C');
  return a.path.at(-1);
}

/**
 * @param {string} name  interface name as our front end reports it
 * @param {{kind?: 'interface'|'delegate'}} [opts]
 * @returns {string} widl's C name (without the `Vtbl` suffix)
 */
export function toCName(name, opts = {}) {
  const t = parseTypeName(name);
  if (t.words || t.pointers) throw new TypeNameError(`not an interface name: ${JSON.stringify(name)}`);
  const delegate = templateIsDelegate(t, opts.kind);
  if (t.args) return instanceName(t, { param: false, namePrefix: delegate ? 'I' : '' });
  if (t.path.length === 1) return t.path[0];
  const ns = t.path.slice(0, -1);
  return `__x_ABI_C${ns.join('_C')}_C${delegate ? 'I' : ''}${t.path.at(-1)}`;
}
