// dynalite sends each response's CRC-32 in `x-amz-crc32` (the AWS SDK checks it), computed by
// buffer-crc32 in JavaScript, a table lookup per byte: for a 100-item page (about 37 kB) that is
// as much time as building the page. Node's zlib.crc32 computes the same checksum (CRC-32, IEEE
// polynomial, over the UTF-8 bytes of a string) natively. Only the form dynalite uses, unsigned(body)
// with a string or a Buffer, is taken over; any other call goes to buffer-crc32 as before.
// Like the other patches, the module dynalite holds (imported statically, so that the bundle patches
// its own copy) is changed in memory; node_modules stays untouched.
import { crc32 as zlibCrc32 } from 'node:zlib';
import bufferCrc32 from 'buffer-crc32';

export class ChecksumPatchError extends Error {
  override name = 'ChecksumPatchError';
}

type Unsigned = (...args: unknown[]) => number;

let installed = false;

/** buffer-crc32's unsigned() of one string or Buffer is zlib's crc32 (idempotent). */
export function installNativeChecksum(): void {
  if (installed) return;
  const module = bufferCrc32 as unknown as { unsigned?: Unsigned };
  const original = module.unsigned;
  if (typeof original !== 'function' || typeof zlibCrc32 !== 'function') {
    throw new ChecksumPatchError('buffer-crc32 has no unsigned(), or node has no zlib.crc32 (Node 20.15 or newer); update src/local/dynamodb/native-checksum.ts');
  }
  module.unsigned = (...args: unknown[]) => {
    const [input] = args;
    if (args.length === 1 && (typeof input === 'string' || Buffer.isBuffer(input))) return zlibCrc32(input);
    return original(...args);
  };
  installed = true;
}
