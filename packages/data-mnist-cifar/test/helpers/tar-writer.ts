/** A file of a test archive; `type` is the ustar typeflag ('0' regular, 'x' pax header, 'L' GNU long name, '5' directory). */
export interface TarMember {
  name: string;
  data: Uint8Array;
  type?: string;
}

/** A minimal POSIX ustar writer for test archives (names up to 100 bytes; pax and GNU records as members of their type). */
export function writeTar(files: TarMember[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const { name, data, type = '0' } of files) {
    const header = new Uint8Array(512);
    const field = (offset: number, text: string) => header.set(encoder.encode(text), offset);
    field(0, name);
    field(100, '0000644\0');
    field(108, '0000000\0');
    field(116, '0000000\0');
    field(124, `${data.length.toString(8).padStart(11, '0')}\0`);
    field(136, '00000000000\0');
    field(148, '        ');
    field(156, type);
    field(257, 'ustar\x0000');
    const sum = header.reduce((a, b) => a + b, 0);
    field(148, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** One pax record, "<length> <key>=<value>\n", its length counting itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = new TextEncoder().encode(body).length;
  let length = bodyBytes + 1;
  while (String(length).length + bodyBytes !== length) length++;
  return `${length}${body}`;
}

/**
 * The members that store `files` with names of any length: a name over 100 bytes gets a
 * pax 'x' record or a GNU 'L' long-name member before its header, which keeps the first 100 bytes.
 */
export function withLongNames(files: readonly TarMember[], style: 'pax' | 'gnu'): TarMember[] {
  const encoder = new TextEncoder();
  return files.flatMap((file) => {
    const name = encoder.encode(file.name);
    if (name.length <= 100) return [file];
    const short = new TextDecoder().decode(name.subarray(0, 100)).replace(/\uFFFD+$/, '');
    const long: TarMember =
      style === 'pax'
        ? { name: 'PaxHeader', data: encoder.encode(paxRecord('path', file.name)), type: 'x' }
        : { name: '././@LongLink', data: encoder.encode(`${file.name}\0`), type: 'L' };
    return [long, { ...file, name: short }];
  });
}
