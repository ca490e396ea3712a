// libcper's per-section "message" text, for codecs whose message depends on the value.
// Codecs without an entry use their static `message` (see sections/libcper-codec.ts).
export const SECTION_MESSAGES: Record<string, (value: unknown) => string> = {};
