// Section codecs keyed by GUID (built-ins from sections/index.ts; vendors may add more).
import type { SectionCodec } from "./section-api.js";
import { BUILTIN_SECTIONS } from "./sections/index.js";
import { unknownCodec } from "./sections/unknown.js";

const byGuid = new Map<string, SectionCodec<any>>();
const byKey = new Map<string, SectionCodec<any>>();
const byLibcperKey = new Map<string, SectionCodec<any>>();

/** Counts registrations: text cached from a codec's names (json/tree.ts) is dropped when it changes. */
let version = 0;
export function registryVersion(): number {
  return version;
}

/** Adds (or replaces) a codec; returns the one it replaced. */
export function registerSection(codec: SectionCodec<any>): SectionCodec<any> | undefined {
  version++;
  const g = codec.guid.toLowerCase();
  const old = byGuid.get(g);
  byGuid.set(g, codec);
  byKey.set(codec.key, codec);
  if (!byLibcperKey.has(codec.libcperKey)) byLibcperKey.set(codec.libcperKey, codec);
  return old;
}

for (const c of BUILTIN_SECTIONS) registerSection(c);

const unknownCache = new Map<string, SectionCodec<any>>();

/** The codec for a GUID; unknown GUIDs get the raw-bytes codec. */
export function codecFor(guid: string): SectionCodec<any> {
  const c = byGuid.get(guid);
  if (c) return c;
  let u = unknownCache.get(guid);
  if (!u) {
    u = unknownCodec(guid);
    if (unknownCache.size < 1024) unknownCache.set(guid, u);
  }
  return u;
}

export function isKnownSection(guid: string): boolean {
  return byGuid.has(guid.toLowerCase());
}

export function codecByKey(key: string): SectionCodec<any> | undefined {
  return byKey.get(key);
}

export function codecByLibcperKey(key: string): SectionCodec<any> | undefined {
  return byLibcperKey.get(key);
}

export function registeredSections(): SectionCodec<any>[] {
  return [...byGuid.values()];
}

/** The codec that decoded (and so must encode/render) a decoded section. */
export function codecOf(section: { guid: string; codec: string }): SectionCodec<any> {
  if (section.codec === "unknown") {
    let u = unknownCache.get(section.guid);
    if (!u || u.key !== "unknown") u = unknownCodec(section.guid);
    return u;
  }
  return codecFor(section.guid);
}
