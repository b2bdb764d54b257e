import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { Linear, Sequential } from '@stride/layers';
import { loadCheckpointFile, saveCheckpointFile } from '@stride/optim/fs';
import { Adam, saveCheckpoint } from '../src/index.js';
import { snapshot } from './helpers/training.js';

// Only the calls a test overrides change; everything else is the real file system.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, open: vi.fn(actual.open), rename: vi.fn(actual.rename) };
});

setBackend(cpu());

let dir = '';
let owned: { dispose(): void }[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-checkpoint-'));
});
afterEach(() => {
  vi.mocked(fsp.open).mockClear();
  vi.mocked(fsp.rename).mockClear();
  rmSync(dir, { recursive: true, force: true });
  for (const o of owned) o.dispose();
  owned = [];
});

function model(seed: number): Sequential {
  const m = new Sequential(new Linear(3, 2, { seed }));
  owned.push(m);
  return m;
}

describe('saveCheckpointFile / loadCheckpointFile (@stride/optim/fs)', () => {
  it('writes the bytes of saveCheckpoint, and loads them back', async () => {
    const source = model(1);
    const opt = new Adam(source.parameters());
    owned.push(opt);
    const path = join(dir, 'run.safetensors');
    await saveCheckpointFile(path, { model: source, optimizer: opt, epoch: 4, meta: { note: 'x' } });
    expect(new Uint8Array(readFileSync(path))).toEqual(saveCheckpoint({ model: source, optimizer: opt, epoch: 4, meta: { note: 'x' } }));
    const target = model(2);
    const targetOpt = new Adam(target.parameters());
    owned.push(targetOpt);
    expect(await loadCheckpointFile(path, { model: target, optimizer: targetOpt })).toEqual({ epoch: 4, meta: { note: 'x' } });
    expect(snapshot(target)).toEqual(snapshot(source));
    expect(readdirSync(dir)).toEqual(['run.safetensors']);
  });

  it('writes a temporary file in the same directory, complete and flushed, then renames it over the path', async () => {
    const path = join(dir, 'model.ckpt');
    writeFileSync(path, 'old');
    const expected = saveCheckpoint({ model: model(1), epoch: 1 });
    const seen: { from: string; to: string; content: Uint8Array; pathContent: string }[] = [];
    vi.mocked(fsp.rename).mockImplementationOnce(async (from, to) => {
      seen.push({
        from: String(from),
        to: String(to),
        content: new Uint8Array(readFileSync(from)),
        pathContent: readFileSync(path, 'utf8'),
      });
      return (await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises')).rename(from, to);
    });
    await saveCheckpointFile(path, { model: owned[0] as Sequential, epoch: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.from).toMatch(new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.model\\.ckpt\\.[0-9a-f-]{36}\\.tmp$`));
    expect(seen[0]!.to).toBe(path);
    expect(seen[0]!.content).toEqual(expected);
    expect(seen[0]!.pathContent).toBe('old');
    expect(new Uint8Array(readFileSync(path))).toEqual(expected);
    expect(readdirSync(dir)).toEqual(['model.ckpt']);
  });

  it('a write that fails part way (a full disk) leaves the previous checkpoint intact and no temporary file', async () => {
    const path = join(dir, 'best.safetensors');
    const first = model(1);
    await saveCheckpointFile(path, { model: first, epoch: 1 });
    const before = readFileSync(path);
    const actual = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
    vi.mocked(fsp.open).mockImplementationOnce(async (file, flags) => {
      const handle = await actual.open(file, flags);
      // Half the bytes reach the disk, then the device is full.
      handle.writeFile = async (data) => {
        await handle.write((data as Uint8Array).subarray(0, (data as Uint8Array).length >> 1));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      };
      return handle;
    });
    await expect(saveCheckpointFile(path, { model: model(2), epoch: 2 })).rejects.toThrow(
      `saveCheckpointFile: writing ${path} failed, and the file there (if any) is unchanged: ENOSPC: no space left on device, write`,
    );
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['best.safetensors']);
    const target = model(3);
    expect(await loadCheckpointFile(path, { model: target })).toEqual({ epoch: 1 });
    expect(snapshot(target)).toEqual(snapshot(first));
  });

  it('a failed rename leaves the previous checkpoint intact and removes the temporary file', async () => {
    const path = join(dir, 'last.safetensors');
    await saveCheckpointFile(path, { model: model(1), epoch: 1 });
    const before = readFileSync(path);
    vi.mocked(fsp.rename).mockRejectedValueOnce(Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' }));
    await expect(saveCheckpointFile(path, { model: model(2), epoch: 2 })).rejects.toThrow('EXDEV: cross-device link not permitted');
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['last.safetensors']);
  });

  it('a checkpoint file cut short by a crash (no atomic write) is refused on load', async () => {
    const path = join(dir, 'cut.safetensors');
    const bytes = saveCheckpoint({ model: model(1), epoch: 1 });
    writeFileSync(path, bytes.subarray(0, bytes.length - 4));
    await expect(loadCheckpointFile(path, { model: model(2) })).rejects.toThrow(
      /^loadCheckpoint: not a complete safetensors file \(truncated, or not a checkpoint\?\)/,
    );
    const zeroed = bytes.slice();
    zeroed.fill(0, bytes.length - 8);
    writeFileSync(path, zeroed);
    await expect(loadCheckpointFile(path, { model: model(2) })).rejects.toThrow(/^loadCheckpoint: checksum mismatch/);
  });

  it('rejects a path that is not a string, and reports a missing file', async () => {
    await expect(saveCheckpointFile(undefined as never, { model: model(1) })).rejects.toThrow(
      'saveCheckpointFile: path is undefined (expected a file path)',
    );
    await expect(loadCheckpointFile(join(dir, 'missing.safetensors'), { model: model(1) })).rejects.toThrow(/ENOENT/);
  });
});
