// snapshots.lock.json: the drift guard. It records, for every released snapshot, its
// version and the SHA-256 of each published file. Released bytes never change under
// the same name: `npm test` recomputes every snapshot and fails when they do, and
// `npm run snapshots:lock` adds new snapshots but refuses to change a locked hash.
//
// Policy for a snapshot that is no longer registered: a released version stays
// citable, so the check fails until it is either registered again or retired on
// purpose with `npm run snapshots:lock -- --withdraw <name>`. A withdrawn snapshot
// keeps its hashes in the lock's "withdrawn" list (the Data page shows them, so a
// downloaded copy can still be identified) and its name can never be published again.
import {readFileSync, writeFileSync, existsSync} from "node:fs";
import {join} from "node:path";
import {byteLength, sha256, ROOT} from "./store.js";
import {snapshotName, type SnapshotFile} from "./types.js";

export const LOCK_PATH = join(ROOT, "snapshots.lock.json");

export interface LockedFile { path: string; bytes: number; sha256: string }

/** What identifies a snapshot's published bytes. */
export interface SnapshotDigest { name: string; id: string; version: string; rows: number; files: LockedFile[] }

export interface LockEntry extends Omit<SnapshotDigest, "name"> {
  /** The day it was first locked (UTC, YYYY-MM-DD): the release date that citations give. */
  released: string;
}

export interface Lock {
  lockfileVersion: 1;
  about: string;
  snapshots: Record<string, LockEntry>;
  withdrawn: Record<string, LockEntry>;
}

const ABOUT =
  "Released citable snapshots and the SHA-256 of each published file. Written by `npm run snapshots:lock`, checked by `npm test`. Never edit a hash by hand: changed numbers need a new version.";

export const emptyLock = (): Lock => ({lockfileVersion: 1, about: ABOUT, snapshots: {}, withdrawn: {}});

/** The published files of a snapshot with their sizes and hashes. */
export function digestOf(file: SnapshotFile): SnapshotDigest {
  const name = snapshotName(file.spec);
  return {
    name,
    id: file.spec.id,
    version: file.spec.version,
    rows: file.rows,
    files: (["csv", "json"] as const).map((format) => ({path: `data/${name}.${format}`, bytes: byteLength(file[format]), sha256: sha256(file[format])})),
  };
}

export function readLock(path = LOCK_PATH): Lock {
  if (!existsSync(path)) return emptyLock();
  const lock = JSON.parse(readFileSync(path, "utf8")) as Lock;
  if (lock.lockfileVersion !== 1) throw new Error(`${path}: lockfileVersion must be 1; got ${JSON.stringify(lock.lockfileVersion)}`);
  return {...emptyLock(), ...lock, withdrawn: lock.withdrawn ?? {}};
}

const sortKeys = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The lock as committed: sorted names, two-space JSON, a final newline (so diffs stay small). */
export function formatLock(lock: Lock): string {
  return JSON.stringify({lockfileVersion: 1, about: ABOUT, snapshots: sortKeys(lock.snapshots), withdrawn: sortKeys(lock.withdrawn)}, null, 2) + "\n";
}

export type ProblemKind = "changed" | "withdrawn" | "unlocked" | "unregistered";
export interface Problem { kind: ProblemKind; name: string; message: string }

const short = (hash: string) => hash.slice(0, 12);

/**
 * Compares freshly built snapshots with the lock. Every problem names the snapshot and
 * says how to fix it: a released version whose bytes changed (revert, or bump the
 * version), a withdrawn name published again, a snapshot not yet released, a released
 * snapshot no longer registered.
 */
export function lockProblems(current: readonly SnapshotDigest[], lock: Lock): Problem[] {
  const problems: Problem[] = [];
  for (const digest of current) {
    const {name} = digest;
    const locked = lock.snapshots[name];
    if (lock.withdrawn[name]) {
      problems.push({kind: "withdrawn", name, message: `snapshot ${name} was withdrawn (snapshots.lock.json) and its name cannot be published again: give it a new version (e.g. ${digest.id}-v${Number(digest.version.slice(1)) + 1}), then run npm run snapshots:lock.`});
    } else if (!locked) {
      problems.push({kind: "unlocked", name, message: `snapshot ${name} is not released yet (not in snapshots.lock.json): once its numbers are final, run npm run snapshots:lock to record its SHA-256, and commit the lock.`});
    } else {
      const changes: string[] = [];
      for (const file of digest.files) {
        const before = locked.files.find((f) => f.path === file.path);
        if (!before) changes.push(`${file.path} is new`);
        else if (before.sha256 !== file.sha256) changes.push(`${file.path} sha256 ${short(before.sha256)}… (${before.bytes} bytes) is now ${short(file.sha256)}… (${file.bytes} bytes)`);
      }
      for (const file of locked.files) if (!digest.files.some((f) => f.path === file.path)) changes.push(`${file.path} is no longer published`);
      if (changes.length)
        problems.push({
          kind: "changed",
          name,
          message:
            `snapshot ${name} changed after its release: ${changes.join("; ")}. ` +
            `Released numbers never change under the same name. Either revert the change to the code or grid that computes ${name}, ` +
            `or publish the new numbers as a new version: set version "v${Number(digest.version.slice(1)) + 1}" in its spec ` +
            `(and keep ${name} registered, or retire it with npm run snapshots:lock -- --withdraw ${name}), then run npm run snapshots:lock.`,
        });
    }
  }
  for (const name of Object.keys(lock.snapshots))
    if (!current.some((d) => d.name === name))
      problems.push({kind: "unregistered", name, message: `snapshot ${name} is released (snapshots.lock.json) but no longer registered: register it again so its URL keeps working, or retire it on purpose with npm run snapshots:lock -- --withdraw ${name}.`});
  return problems;
}

export interface LockUpdate { lock: Lock; added: string[]; withdrawn: string[] }

/**
 * The lock with every new snapshot added (released today) and the named ones moved to
 * "withdrawn". Throws, listing every reason, instead of changing a locked hash,
 * re-publishing a withdrawn name, or dropping a released snapshot silently.
 */
export function updateLock(current: readonly SnapshotDigest[], lock: Lock, {today, withdraw = []}: {today: string; withdraw?: readonly string[]}): LockUpdate {
  const next: Lock = {...lock, snapshots: {...lock.snapshots}, withdrawn: {...lock.withdrawn}};
  const refusals: string[] = [];
  for (const name of withdraw) {
    if (!next.snapshots[name]) refusals.push(`--withdraw ${name}: not a released snapshot; released: ${Object.keys(lock.snapshots).join(", ") || "none"}`);
    else if (current.some((d) => d.name === name)) refusals.push(`--withdraw ${name}: it is still registered; remove it from data-loaders/snapshots/registry.ts first`);
    else {
      next.withdrawn[name] = next.snapshots[name];
      delete next.snapshots[name];
    }
  }
  const added: string[] = [];
  for (const problem of lockProblems(current, next)) {
    if (problem.kind === "unlocked") {
      const {name, ...digest} = current.find((d) => d.name === problem.name)!;
      next.snapshots[name] = {...digest, released: today};
      added.push(name);
    } else refusals.push(problem.message);
  }
  if (refusals.length) throw new Error(`snapshots.lock.json not changed:\n${refusals.map((r) => `  ${r}`).join("\n")}`);
  return {lock: next, added, withdrawn: [...withdraw]};
}

export function writeLock(lock: Lock, path = LOCK_PATH): boolean {
  const text = formatLock(lock);
  if (existsSync(path) && readFileSync(path, "utf8") === text) return false;
  writeFileSync(path, text);
  return true;
}
