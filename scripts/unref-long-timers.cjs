// Prisma's WASM schema engine leaves a 60 s timer running after the CLI finishes (see
// shared notes): unref long timers so CLI processes exit as soon as their work is done.
const original = global.setTimeout;
global.setTimeout = function patchedSetTimeout(fn, ms, ...args) {
  const t = original(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && t && typeof t.unref === "function") t.unref();
  return t;
};
