import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { devVars, ensureDevVars, hashApiKey } from "../../scripts/lib/dev-server.mjs";

/**
 * Issue 16 item 7: in a fresh clone every script that starts a server or hashes a key writes
 * .dev.vars from .dev.vars.example first, so the key it creates and the worker agree on the pepper;
 * it never overwrites a .dev.vars someone edited, and hashing without a pepper is refused.
 */
/** @type {string[]} */
const dirs = [];
/** A directory with only `.dev.vars.example` (or nothing), as a fresh clone has before any script ran. */
const freshClone = (/** @type {string | null} */ example) => {
  const dir = mkdtempSync(path.join(tmpdir(), "l2c-devvars-"));
  dirs.push(dir);
  if (example !== null) writeFileSync(path.join(dir, ".dev.vars.example"), example);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("ensureDevVars / devVars", () => {
  it("writes .dev.vars from the example when it is missing, and reads the pepper from it", () => {
    const example = 'API_KEY_PEPPER="pepper-from-example"\nSTRIPE_WEBHOOK_SECRET=whsec_x\n';
    const dir = freshClone(example);
    expect(existsSync(path.join(dir, ".dev.vars"))).toBe(false);
    expect(devVars(dir)).toMatchObject({ API_KEY_PEPPER: "pepper-from-example", STRIPE_WEBHOOK_SECRET: "whsec_x" });
    expect(readFileSync(path.join(dir, ".dev.vars"), "utf8")).toBe(example);
  });

  it("leaves an existing .dev.vars alone", () => {
    const dir = freshClone("API_KEY_PEPPER=example\n");
    writeFileSync(path.join(dir, ".dev.vars"), "API_KEY_PEPPER=mine\n");
    ensureDevVars(dir);
    expect(devVars(dir).API_KEY_PEPPER).toBe("mine");
  });

  it("has nothing to copy without an example, and then no pepper to hash with", () => {
    const dir = freshClone(null);
    expect(devVars(dir)).toEqual({});
    expect(() => hashApiKey("l2c_x", devVars(dir).API_KEY_PEPPER)).toThrow(/API_KEY_PEPPER is not set/);
  });

  it("the repository's example carries a pepper, so a fresh clone's scripts agree with its worker", () => {
    const example = readFileSync(path.join(import.meta.dirname, "../../.dev.vars.example"), "utf8");
    expect(example).toMatch(/^API_KEY_PEPPER=\S+/m);
  });
});
