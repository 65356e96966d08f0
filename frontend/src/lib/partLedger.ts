import type { Id, StoredPart } from '../api/model';

/**
 * Remembers, per multipart upload, the ETag the store answered for each part
 * this browser sent. A store may list a part whose upload was cut off (the
 * local S3 server keeps it, padded to its full size), so a resumed upload
 * trusts only the listed parts this browser saw stored whole, with the same
 * ETag, and sends the others again. An upload this browser knows nothing of
 * (started elsewhere) trusts the list; the server's SHA-256 check on
 * completion still refuses a damaged file.
 */
const key = (fileId: Id) => `podium.upload-parts.${String(fileId)}`;

const bare = (etag: string) => etag.replace(/^W\//, '').replace(/"/g, '');

function load(fileId: Id): Record<string, string> | null {
  try {
    const raw = localStorage.getItem(key(fileId));
    return raw ? (JSON.parse(raw) as Record<string, string>) : null;
  } catch {
    return null;
  }
}

/** Records that part was stored whole, with its ETag. */
export function rememberPart(fileId: Id, part: StoredPart): void {
  const known = load(fileId) ?? {};
  known[String(part.number)] = bare(part.etag);
  try {
    localStorage.setItem(key(fileId), JSON.stringify(known));
  } catch {
    // Storage full or disabled: the resume then trusts the store's list.
  }
}

/** The listed parts a resumed upload may keep; the rest are sent again. */
export function trustedParts(fileId: Id, listed: StoredPart[]): StoredPart[] {
  const known = load(fileId);
  if (!known) return listed;
  return listed.filter((p) => known[String(p.number)] === bare(p.etag));
}

/** Forgets an upload once it is complete (or abandoned). */
export function forgetParts(fileId: Id): void {
  localStorage.removeItem(key(fileId));
}
