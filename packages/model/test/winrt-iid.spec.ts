/**
 * IIDs of instantiated parameterized WinRT types: a version 5 UUID over the instance's type signature, as
 * the Windows Runtime defines it (the Wine conformance run checks the same against widl's headers). Each
 * kind of type argument is checked here against the signature text it must give.
 */
import { ComWorkspace } from '../src';
import { signatureIid } from '../src/winrt-iid';

const VECTOR_VIEW = 'bbe1fa4c-b0e3-4583-baef-1f1b2e483e56';
const HANDLER = '9de1c534-6ae1-11e0-84e1-18a905bcc53f';

const idl = `
typedef long HRESULT;
typedef unsigned long ULONG;
typedef unsigned int UINT32;
typedef int INT32;
typedef unsigned char BYTE;
typedef unsigned __int64 UINT64;
typedef struct HSTRING__ *HSTRING;
typedef struct _GUID { ULONG Data1; unsigned short Data2; unsigned short Data3; unsigned char Data4[8]; } GUID;
typedef GUID IID;
typedef const IID *REFIID;

[object, local, uuid(00000000-0000-0000-C000-000000000046)]
interface IUnknown
{
    HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject);
    ULONG AddRef(void);
    ULONG Release(void);
}

[object, uuid(af86e2e0-b12d-4c6a-9c5a-d7aa65101e90)]
interface IInspectable : IUnknown { HRESULT GetIids([out] ULONG *count); }

namespace Windows.Foundation
{
    [uuid(${HANDLER})]
    delegate HRESULT EventHandler<T>([in] IInspectable *sender, [in] T args);
    [uuid(11111111-2222-3333-4444-555555555555)]
    delegate HRESULT Callback();

    namespace Collections
    {
        [uuid(${VECTOR_VIEW})]
        interface IVectorView<T> : IInspectable { HRESULT GetAt([in] UINT32 index, [out, retval] T *item); }
    }
}

namespace Contoso
{
    typedef struct Point Point;
    typedef enum Mode Mode;
    typedef enum Flags Flags;
    struct Point { INT32 X; INT32 Y; BYTE Tag; UINT64 Id; };
    enum Mode { Off, On };
    [flags] enum Flags { None = 0, One = 1 };

    [uuid(5a1f7c10-3e2d-4b6a-9f00-1234567890ab)]
    interface IShape : IInspectable { HRESULT Draw(); }

    runtimeclass Shape
    {
        [default] interface Contoso.IShape;
    }
    runtimeclass Shapes
    {
        [default] interface Windows.Foundation.Collections.IVectorView<Contoso.Shape *>;
    }

    declare
    {
        interface Windows.Foundation.Collections.IVectorView<HSTRING>;
        interface Windows.Foundation.Collections.IVectorView<INT32>;
        interface Windows.Foundation.Collections.IVectorView<boolean>;
        interface Windows.Foundation.Collections.IVectorView<IInspectable *>;
        interface Windows.Foundation.Collections.IVectorView<Contoso.IShape *>;
        interface Windows.Foundation.Collections.IVectorView<Contoso.Shape *>;
        interface Windows.Foundation.Collections.IVectorView<Contoso.Shapes *>;
        interface Windows.Foundation.Collections.IVectorView<Contoso.Point>;
        interface Windows.Foundation.Collections.IVectorView<Contoso.Mode>;
        interface Windows.Foundation.Collections.IVectorView<Contoso.Flags>;
        interface Windows.Foundation.Collections.IVectorView<Windows.Foundation.Callback *>;
        interface Windows.Foundation.EventHandler<Windows.Foundation.Collections.IVectorView<HSTRING> *>;
        interface Windows.Foundation.Collections.IVectorView<Contoso.Unknown *>;
    }
}
`;

function iids(): Map<string, string | null> {
  const workspace = new ComWorkspace({ host: { readFile: (f) => (f === '/m/input.idl' ? idl : undefined) } });
  const model = workspace.load('/m/input.idl');
  expect(model.diagnostics.filter((d) => d.code !== 'M001')).toEqual([]);
  return new Map(model.interfaces.filter((i) => i.name.includes('<')).map((i) => [i.name.replace(/^Windows\.Foundation\.(Collections\.)?/, ''), i.iid]));
}

const view = (argument: string) => signatureIid(`pinterface({${VECTOR_VIEW}};${argument})`);
const shape = '{5a1f7c10-3e2d-4b6a-9f00-1234567890ab}';

describe('parameterized WinRT IIDs', () => {
  it('hashes a signature as the Windows Runtime does (known IIDs of IVectorView<HSTRING> and IIterable<HSTRING>)', () => {
    expect(view('string')).toBe('2f13c006-a03a-5f69-b090-75a43e33423e');
    expect(signatureIid('pinterface({faa585ea-6214-4217-afda-7f46de5869b3};string)')).toBe('e2fcc7c1-3bfc-5a0b-b2b0-72e769d1cb7e');
  });

  it('gives each kind of type argument its signature', () => {
    const got = iids();
    expect(Object.fromEntries(got)).toEqual({
      'IVectorView<HSTRING>': view('string'),
      'IVectorView<INT32>': view('i4'),
      'IVectorView<boolean>': view('b1'),
      'IVectorView<IInspectable*>': view('cinterface(IInspectable)'),
      'IVectorView<Contoso.IShape*>': view(shape),
      'IVectorView<Contoso.Shape*>': view(`rc(Contoso.Shape;${shape})`),
      'IVectorView<Contoso.Shapes*>': view(`rc(Contoso.Shapes;pinterface({${VECTOR_VIEW}};rc(Contoso.Shape;${shape})))`),
      'IVectorView<Contoso.Point>': view('struct(Contoso.Point;i4;i4;u1;u8)'),
      'IVectorView<Contoso.Mode>': view('enum(Contoso.Mode;i4)'),
      'IVectorView<Contoso.Flags>': view('enum(Contoso.Flags;u4)'),
      'IVectorView<Windows.Foundation.Callback*>': view('delegate({11111111-2222-3333-4444-555555555555})'),
      'EventHandler<Windows.Foundation.Collections.IVectorView<HSTRING>*>': signatureIid(
        `pinterface({${HANDLER}};pinterface({${VECTOR_VIEW}};string))`,
      ),
      // An argument of an unknown type has no signature: no IID rather than a wrong one.
      'IVectorView<Contoso.Unknown*>': null,
    });
  });
});
