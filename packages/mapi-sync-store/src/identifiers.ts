/**
 * The identifiers a local store gives its folders and items, laid out as the pages describe them: an LTID
 * is the GUID of the replica that created the object and a 6-byte counter (ltid page); FEID and MEID put
 * four flag bytes and the store provider's MAPIUID before the LTIDs (feid, meid pages); an SKEY is the
 * replica GUID and the counter (skey page). A message's entry ID, as SyncHdrBeg takes it, is an ENTRYID
 * whose bytes after the flags are its MEID's.
 */
import type { ENTRYID, FEID, GUID, LTID, MAPIUID, MEID, SKEY } from '@mapi-sync/interfaces';

/**
 * g_muidProvPrvNST, the MAPIUID of the PST provider a wrapped store uses (mapi-constants page); the IDL
 * gives its bytes in a comment only (MIDL constants take no structures).
 */
export const PST_PROVIDER_UID: readonly number[] = [0xe9, 0x2f, 0xeb, 0x75, 0x96, 0x50, 0x44, 0x86, 0x83, 0xb8, 0x7d, 0xe5, 0x22, 0xaa, 0x49, 0x48];

const COUNTER_BYTES = 6;
const MAX_COUNTER = 2 ** (8 * COUNTER_BYTES) - 1;

/** The 6-byte big-endian counter of an object (globcnt). */
export function globalCounter(id: number): Uint8Array {
  if (!Number.isInteger(id) || id < 1 || id > MAX_COUNTER) throw new RangeError(`an object's id is an integer from 1 to ${MAX_COUNTER}, not ${id}`);
  const bytes = new Uint8Array(COUNTER_BYTES);
  let rest = id;
  for (let i = COUNTER_BYTES - 1; i >= 0; i--) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return bytes;
}

/** The id a counter holds (0 for a counter of another shape). */
export function counterValue(bytes: Uint8Array | null | undefined): number {
  if (!bytes || bytes.length !== COUNTER_BYTES) return 0;
  let id = 0;
  for (const b of bytes) id = id * 256 + b;
  return id;
}

function muid(): MAPIUID {
  return { ab: new Uint8Array(PST_PROVIDER_UID) };
}

export function ltidOf(replica: GUID, id: number): LTID {
  return { guid: replica, globcnt: globalCounter(id), wLevel: 0 };
}

export function feidOf(replica: GUID, folderId: number): FEID {
  return { abFlags: new Uint8Array(4), muid: muid(), placeholder: 0, ltid: ltidOf(replica, folderId) };
}

export function meidOf(replica: GUID, folderId: number, messageId: number): MEID {
  return { abFlags: new Uint8Array(4), muid: muid(), placeholder: 0, ltidFld: ltidOf(replica, folderId), ltidMsg: ltidOf(replica, messageId) };
}

export function skeyOf(replica: GUID, id: number): SKEY {
  return { guid: replica, globcnt: globalCounter(id) };
}

/** The bytes of a GUID as Windows stores it (the first three fields little-endian). */
function guidBytes(guid: GUID): Uint8Array {
  const hex = guid.replace(/-/g, '');
  const raw = Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  return new Uint8Array([raw[3]!, raw[2]!, raw[1]!, raw[0]!, raw[5]!, raw[4]!, raw[7]!, raw[6]!, ...raw.slice(8)]);
}

/** LTID bytes: GUID (16), counter (6), level (2, little-endian). */
function ltidBytes(ltid: LTID): number[] {
  return [...guidBytes(ltid.guid), ...ltid.globcnt, ltid.wLevel & 0xff, ltid.wLevel >> 8];
}

/** Offset of the item's counter in a message ENTRYID's `ab`: MAPIUID, placeholder, the folder's LTID, the item's GUID. */
const ITEM_COUNTER_AT = 16 + 2 + 24 + 16;

/** The entry ID of a message, as a provider passes it to IOSTX::SyncHdrBeg (its MEID's bytes after the flags). */
export function messageEntryId(replica: GUID, folderId: number, messageId: number): ENTRYID {
  const meid = meidOf(replica, folderId, messageId);
  const ab = new Uint8Array([...meid.muid.ab, meid.placeholder & 0xff, meid.placeholder >> 8, ...ltidBytes(meid.ltidFld), ...ltidBytes(meid.ltidMsg)]);
  return { abFlags: new Uint8Array(meid.abFlags), ab };
}

/** The item id a message entry ID names (0 when it is not one of this layout). */
export function messageIdOf(entryId: ENTRYID | null | undefined): number {
  const ab = entryId?.ab;
  if (!(ab instanceof Uint8Array) || ab.length !== ITEM_COUNTER_AT + COUNTER_BYTES + 2) return 0;
  return counterValue(ab.subarray(ITEM_COUNTER_AT, ITEM_COUNTER_AT + COUNTER_BYTES));
}
