import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** One file to put in a zip: its name inside the zip and where its bytes are. */
export interface ZipEntry {
  readonly name: string;
  readonly file: string;
}

/**
 * Write a zip of stored (uncompressed) entries, for rebuilding an export that was imported from a zip (`verify
 * --replay`): the importer reads it like the original, so paths shown as `name.zip!/…` come out the same. No zip64:
 * entries and the archive stay under 4 GiB.
 */
export function writeStoredZip(dest: string, entries: readonly ZipEntry[]): void {
  const fd = openSync(dest, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  try {
    for (const e of entries) {
      const data = readFileSync(e.file);
      const name = Buffer.from(e.name, 'utf8');
      const crc = crc32(data);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(0, 8); // stored
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(name.length, 26);
      writeSync(fd, local);
      writeSync(fd, name);
      writeSync(fd, data);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(data.length, 20);
      c.writeUInt32LE(data.length, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(offset, 42);
      central.push(c, name);
      offset += 30 + name.length + data.length;
    }
    const dir = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(dir.length, 12);
    end.writeUInt32LE(offset, 16);
    writeSync(fd, dir);
    writeSync(fd, end);
  } finally {
    closeSync(fd);
  }
}
