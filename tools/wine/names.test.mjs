import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTypeName, toCName, TypeNameError } from './names.mjs';

// Real pairs from libwine-dev 8.0~repack-4: our name (the IDL's, as our front
// end reports it) -> the `<cName>Vtbl` widl put in the header beside the .idl.
const CORPUS = [
  // plain interfaces and dispinterfaces: unchanged
  ['IUnknown', 'IUnknown', 'unknwn.h'],
  ['IOleWindow', 'IOleWindow', 'oleidl.h'],
  ['DWebBrowserEvents2', 'DWebBrowserEvents2', 'exdisp.h (dispinterface)'],
  // WinRT interface in a namespace
  ['Windows.Foundation.IStringable', '__x_ABI_CWindows_CFoundation_CIStringable', 'windows.foundation.h'],
  ['Windows.Gaming.Input.ForceFeedback.IForceFeedbackMotor', '__x_ABI_CWindows_CGaming_CInput_CForceFeedback_CIForceFeedbackMotor', 'windows.gaming.input.forcefeedback.h'],
  // WinRT delegates: vtable of I<Name>
  ['Windows.Foundation.AsyncActionCompletedHandler', '__x_ABI_CWindows_CFoundation_CIAsyncActionCompletedHandler', 'windows.foundation.h'],
  ['Windows.System.Threading.WorkItemHandler', '__x_ABI_CWindows_CSystem_CThreading_CIWorkItemHandler', 'windows.system.threading.h'],
  // parameterized instances, by the shape of their type arguments
  ['Windows.Foundation.Collections.IVectorView<Windows.Devices.Enumeration.DeviceInformation*>', '__FIVectorView_1_Windows__CDevices__CEnumeration__CDeviceInformation', 'runtimeclass argument'],
  ['Windows.Foundation.Collections.IIterable<Windows.Media.IMediaMarker*>', '__FIIterable_1_Windows__CMedia__CIMediaMarker', 'interface argument'],
  ['Windows.Foundation.Collections.IVector<Windows.Media.SpeechRecognition.ISpeechRecognitionConstraint*>', '__FIVector_1_Windows__CMedia__CSpeechRecognition__CISpeechRecognitionConstraint', 'interface argument, deeper namespace'],
  ['Windows.Foundation.Collections.IIterable<HSTRING>', '__FIIterable_1_HSTRING', 'HSTRING'],
  ['Windows.Foundation.Collections.IVector<IInspectable*>', '__FIVector_1_IInspectable', 'global interface'],
  ['Windows.Foundation.IAsyncOperation<boolean>', '__FIAsyncOperation_1_boolean', 'boolean; template in Windows.Foundation'],
  ['Windows.Foundation.IReference<INT32>', '__FIReference_1_INT32', 'INT32'],
  ['Windows.Foundation.IReference<Windows.UI.Color>', '__FIReference_1_Color', 'struct: bare name'],
  ['Windows.Foundation.Collections.IVectorView<Windows.UI.WindowId>', '__FIVectorView_1_WindowId', 'struct: bare name'],
  ['Windows.Foundation.IAsyncOperation<Windows.Gaming.Input.ForceFeedback.ForceFeedbackLoadEffectResult>', '__FIAsyncOperation_1_ForceFeedbackLoadEffectResult', 'enum: bare name'],
  ['Windows.Foundation.Collections.IMapView<HSTRING,IInspectable*>', '__FIMapView_2_HSTRING_IInspectable', 'two arguments'],
  ['Windows.Foundation.Collections.IMapView<HSTRING,Windows.Foundation.Collections.IVectorView<HSTRING>*>', '__FIMapView_2_HSTRING___FIVectorView_1_HSTRING', 'nested instance'],
  ['Windows.Foundation.EventHandler<IInspectable*>', '__FIEventHandler_1_IInspectable', 'parameterized delegate'],
  ['Windows.Foundation.AsyncOperationCompletedHandler<boolean>', '__FIAsyncOperationCompletedHandler_1_boolean', 'parameterized delegate'],
  ['Windows.Foundation.TypedEventHandler<IInspectable*,IInspectable*>', '__FITypedEventHandler_2_IInspectable_IInspectable', 'delegate, two arguments'],
  ['Windows.Foundation.TypedEventHandler<Windows.Devices.Enumeration.DeviceWatcher*,Windows.Devices.Enumeration.DeviceInformation*>', '__FITypedEventHandler_2_Windows__CDevices__CEnumeration__CDeviceWatcher_Windows__CDevices__CEnumeration__CDeviceInformation', 'delegate, two runtimeclasses'],
  ['Windows.Foundation.TypedEventHandler<Windows.Gaming.Input.IGameController*,Windows.System.UserChangedEventArgs*>', '__FITypedEventHandler_2_Windows__CGaming__CInput__CIGameController_Windows__CSystem__CUserChangedEventArgs', 'interface and runtimeclass'],
];

// Shapes the corpus lacks, from widl 8.0 run on small synthetic IDL files
// (namespace Windows.Foo with struct Pt, delegate PlainHandler, runtimeclass
// Baz, interface IBar; namespace Windows.Foo.Bar with template IPair<K, V> and
// delegate template PairHandler<T>). names-widl.test.mjs re-runs widl on them.
const SYNTHETIC = [
  ['Windows.Foundation.Collections.IVectorView<UINT32>', '__FIVectorView_1_UINT32'],
  ['Windows.Foundation.Collections.IVectorView<unsigned int>', '__FIVectorView_1_'],
  ['Windows.Foundation.Collections.IVectorView<int>', '__FIVectorView_1_'],
  ['Windows.Foundation.Collections.IVectorView<Windows.Foo.Pt>', '__FIVectorView_1_Pt'],
  ['Windows.Foundation.Collections.IVectorView<Windows.Foo.PlainHandler*>', '__FIVectorView_1_Windows__CFoo__CPlainHandler'],
  ['Windows.Foo.PlainHandler', '__x_ABI_CWindows_CFoo_CIPlainHandler'],
  ['Windows.Foundation.Collections.IVectorView<Windows.Foundation.Collections.IVectorView<Windows.Foo.Baz*>*>', '__FIVectorView_1___FIVectorView_1_Windows__CFoo__CBaz'],
  ['Windows.Foundation.IAsyncOperation<Windows.Foundation.Collections.IMapView<HSTRING,Windows.Foo.IBar*>*>', '__FIAsyncOperation_1___FIMapView_2_HSTRING_Windows__CFoo__CIBar'],
  ['Windows.Foo.Bar.IPair<HSTRING,INT32>', '__x_ABI_CWindows_CFoo_CBar_CIPair_2_HSTRING_INT32'],
  ['Windows.Foo.Bar.PairHandler<HSTRING>', '__x_ABI_CWindows_CFoo_CBar_CIPairHandler_1_HSTRING'],
  ['Windows.Foo.Bar.IPair<Windows.Foo.Bar.IPair<HSTRING,INT32>*,INT32>', '__x_ABI_CWindows_CFoo_CBar_CIPair_2__CWindows__CFoo__CBar__CIPair_2_HSTRING_INT32_INT32'],
  ['Windows.Foundation.Collections.IVectorView<Windows.Foo.Bar.IPair<HSTRING,INT32>*>', '__FIVectorView_1__CWindows__CFoo__CBar__CIPair_2_HSTRING_INT32'],
];

describe('toCName on corpus pairs', () => {
  for (const [name, cName, what] of CORPUS) {
    test(`${name} (${what})`, () => assert.equal(toCName(name), cName));
  }
  test('at least 15 pairs', () => assert.ok(CORPUS.length >= 15));
});

describe('toCName on widl 8.0 output for synthetic IDL', () => {
  for (const [name, cName] of SYNTHETIC) test(name, () => assert.equal(toCName(name), cName));
});

describe('spelling', () => {
  test('spaces as written in IDL give the same name as the canonical form', () => {
    for (const [name, cName] of CORPUS) {
      const spaced = name.replace(/,/g, ', ').replace(/\*/g, ' *').replace(/</g, '< ').replace(/>/g, ' >');
      assert.equal(toCName(spaced), cName, spaced);
    }
  });
  test('kind overrides the delegate naming rule', () => {
    assert.equal(toCName('Windows.Foo.Handler', { kind: 'interface' }), '__x_ABI_CWindows_CFoo_CHandler');
    assert.equal(toCName('Windows.Foo.IHandler', { kind: 'delegate' }), '__x_ABI_CWindows_CFoo_CIIHandler');
  });
  test('parseTypeName keeps multiword C types and pointers', () => {
    const t = parseTypeName('A.B.IFoo<unsigned int, C.D**>');
    assert.deepEqual(t.path, ['A', 'B', 'IFoo']);
    assert.deepEqual(t.args[0].words, ['unsigned', 'int']);
    assert.deepEqual(t.args[1], { path: ['C', 'D'], words: null, args: null, pointers: 2 });
  });
  test('malformed names throw TypeNameError', () => {
    for (const bad of ['', 'A.', 'A.IFoo<', 'A.IFoo<X', 'A.IFoo<X>>', 'IFoo*', 'unsigned int', 'A.IFoo<X,>']) {
      assert.throws(() => toCName(bad), TypeNameError, bad);
    }
  });
});
