import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local data folder holds the link secret (whoever reads it can forge every decision link),
 * the key bearer tokens are signed with, the running workflows' inputs and the database: it is
 * readable by its owner only, folders 0700 and files 0600.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes `dir` (and any missing parent) with mode 0700, and narrows it to 0700 if it was there
 * already with more; a symbolic link is followed.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  narrow(dir, statSync(dir).mode, PRIVATE_DIR_MODE);
}

/** Narrows `file` to 0600 if it grants more (a file written by an earlier version, or by hand); a symbolic link is followed. */
export function ensurePrivateFile(file: string): void {
  narrow(file, statSync(file).mode, PRIVATE_FILE_MODE);
}

/**
 * `ensurePrivateDir(dir)`, then the same for what is inside it, down to `depth` levels: folders
 * 0700, files 0600. Symbolic links are left alone, and so is what they point at.
 */
export function ensurePrivateTree(dir: string, depth = 2): void {
  ensurePrivateDir(dir);
  if (depth <= 0) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) ensurePrivateTree(path, depth - 1);
    else if (entry.isFile()) narrow(path, lstatSync(path).mode, PRIVATE_FILE_MODE);
  }
}

/** Takes away the permission bits `mode` has beyond `allowed`; never adds one. */
function narrow(path: string, mode: number, allowed: number): void {
  if ((mode & 0o777 & ~allowed) !== 0) chmodSync(path, mode & allowed & 0o777);
}
