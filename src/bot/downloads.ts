/**
 * Files the bot serves over HTTP behind an unguessable link (e.g. a person's calendar file).
 * Features register a kind with its resolver; the platform serves `/files/<kind>/<token>.<ext>`
 * and never learns what the files are.
 */
export interface DownloadFile {
  name: string;
  content: string;
}

export interface DownloadKind {
  /** First segment of the link, e.g. `calendar`. */
  kind: string;
  /** The link's extension, e.g. `ics`: calendar applications look at it. */
  extension: string;
  contentType: string;
  /** The file behind a secret token, or undefined: the platform answers 404 either way. */
  resolve(token: string): Promise<DownloadFile | undefined>;
}

/** Tokens are URL-safe base64 of at least 128 bits; anything else never reaches a resolver. */
export const downloadTokenPattern = /^[A-Za-z0-9_-]{22,64}$/;

export class DownloadRegistry {
  private readonly kinds = new Map<string, DownloadKind>();

  add(kind: DownloadKind): void {
    if (!/^[a-z-]{1,20}$/.test(kind.kind)) throw new Error(`Invalid download kind "${kind.kind}"`);
    if (this.kinds.has(kind.kind)) throw new Error(`Download kind "${kind.kind}" is registered twice`);
    this.kinds.set(kind.kind, kind);
  }

  find(kind: string): DownloadKind | undefined {
    return this.kinds.get(kind);
  }
}
